package io.kafkamixnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.faults.harness.ExitTopicCounter;
import io.kafkamixnet.faults.harness.FaultNetwork;
import io.kafkamixnet.faults.harness.FaultSummary;
import io.kafkamixnet.faults.harness.MixerProcess;
import io.kafkamixnet.faults.harness.RequestLedger;
import io.kafkamixnet.faults.harness.SteadyTraffic;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops and starts again (same port, same data directory) while clients send real
 * requests through mixer processes: every request is answered exactly once, and the mixers ride out
 * the outage without a restart.
 */
class BrokerRestartFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @Test
    void aBrokerRestartMidTrafficLosesNothing(@TempDir Path work) throws Exception {
        int port = freePort();
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.builder()
                .port(port)
                .dataDir(work.resolve("broker"))
                .build();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        try (FaultNetwork net = FaultNetwork.start(broker.bootstrapServers(), work, 4)) {
            RequestLedger ledger = net.ledger();
            MixerProcess pool = net.mixer(FaultNetwork.FORWARD);
            long down;
            long upAgain;
            long sentBefore;
            try (ExitTopicCounter exits = ExitTopicCounter.start(net.clientSettings(), net.exitTopic(), ledger)) {
                SteadyTraffic traffic = SteadyTraffic.start(net.clients(), ledger, FaultNetwork.SERVICE, 8);
                pool.awaitStatus(
                        s -> s.released() > 0 && s.held() > 0, Duration.ofMinutes(1), "releasing while holding");
                Thread.sleep(5_000);
                sentBefore = ledger.sent();
                down = System.nanoTime();
                broker.close();
                Thread.sleep(OUTAGE.toMillis());
                broker = EmbeddedKafkaBroker.start(settings);
                upAgain = System.nanoTime();
                long releasedAtRestart = pool.latest().orElseThrow().released();
                MixerProcess.Status resumed = pool.awaitStatus(
                        s -> s.atNanos() > upAgain && s.released() > releasedAtRestart,
                        Duration.ofMinutes(3),
                        "releasing after the broker restart");
                System.out.printf(
                        "broker down %d ms; pool mixer releasing again %d ms after the broker was back%n",
                        (upAgain - down) / 1_000_000, (resumed.atNanos() - upAgain) / 1_000_000);
                Thread.sleep(10_000); // traffic after the restart
                traffic.stop();
                assertThat(traffic.awaitAllSettled(Duration.ofMinutes(4)))
                        .as("every request answered or failed; " + ledger.summary())
                        .isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ledger.exitRecordedOnce() < ledger.sent() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                FaultSummary.print(
                        "broker restart mid-traffic",
                        List.of(
                                ledger.summary(),
                                "requests sent before the broker stopped: " + sentBefore,
                                "broker down for " + (upAgain - down) / 1_000_000 + " ms (stop, " + OUTAGE.toMillis()
                                        + " ms outage, start); pool mixer releasing again "
                                        + (resumed.atNanos() - upAgain) / 1_000_000 + " ms after"));
            }
            assertThat(pool.alive()).as("the pool mixer survived the outage").isTrue();
            assertThat(net.mixer(FaultNetwork.RESPONSE).alive())
                    .as("the response mixer survived")
                    .isTrue();
            assertThat(ledger.failures()).as("failed requests").isEmpty();
            assertThat(ledger.unanswered()).as("requests lost").isZero();
            assertThat(ledger.mismatched()).isZero();
            assertThat(ledger.repliedTwice()).isZero();
            assertThat(ledger.exitRecordedTwice())
                    .as("requests in two committed exit records")
                    .isZero();
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
