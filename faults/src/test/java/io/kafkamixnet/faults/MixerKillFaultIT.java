package io.kafkamixnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.faults.harness.ExitTopicCounter;
import io.kafkamixnet.faults.harness.FaultNetwork;
import io.kafkamixnet.faults.harness.FaultSummary;
import io.kafkamixnet.faults.harness.MixerProcess;
import io.kafkamixnet.faults.harness.RequestLedger;
import io.kafkamixnet.faults.harness.SteadyTraffic;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the pool mixer, 20 times, while clients send real requests: nothing lost, nothing
 * duplicated, and each time the restarted instance (same config and state directory, so the same
 * static member) releases again long before Kafka's 45 s session timeout.
 */
@ExtendWith(KafkaClusterExtension.class)
class MixerKillFaultIT {

    /** 20; {@code -Dfaults.kills=N} for a shorter diagnostic run. */
    private static final int KILLS = Integer.getInteger("faults.kills", 20);

    private static final int REQUESTS_PER_SECOND = 8;
    /**
     * Looser than the 10 s the product aims at (the numbers are printed): a restart needs about 2
     * CPU-seconds, so how long it takes depends on how busy the machine is (2.7-7.8 s at load 4-7 on 2
     * cores, up to 15.6 s seen at a busier time; docs/mixing.md "Restarts and failover"). Still well
     * under the 45 s session timeout a restart without static membership waits out, so a regression
     * fails here.
     */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(30);

    @Test
    void killedTwentyTimesMidTrafficLosesAndDuplicatesNothing(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        List<Duration> toRunning = new ArrayList<>();
        List<Duration> toRelease = new ArrayList<>();
        try (FaultNetwork net = FaultNetwork.start(cluster.bootstrapServers(), work, 4)) {
            RequestLedger ledger = net.ledger();
            MixerProcess pool = net.mixer(FaultNetwork.FORWARD);
            try (ExitTopicCounter exits = ExitTopicCounter.start(net.clientSettings(), net.exitTopic(), ledger)) {
                SteadyTraffic traffic =
                        SteadyTraffic.start(net.clients(), ledger, FaultNetwork.SERVICE, REQUESTS_PER_SECOND);
                pool.awaitStatus(
                        s -> s.released() > 0 && s.held() > 0, Duration.ofMinutes(1), "releasing while holding");
                for (int kill = 1; kill <= KILLS; kill++) {
                    long held = pool.latest().orElseThrow().held();
                    pool.kill();
                    pool.restart();
                    long t0 = pool.startedNanos();
                    MixerProcess.Status running =
                            pool.awaitStatus(s -> s.state().equals("RUNNING"), Duration.ofMinutes(2), "RUNNING");
                    MixerProcess.Status released =
                            pool.awaitStatus(s -> s.released() > 0, Duration.ofMinutes(2), "its first release");
                    toRunning.add(Duration.ofNanos(running.atNanos() - t0));
                    toRelease.add(Duration.ofNanos(released.atNanos() - t0));
                    System.out.printf(
                            "kill %d: held %d when killed; RUNNING after %d ms, releasing after %d ms%n",
                            kill,
                            held,
                            toRunning.get(kill - 1).toMillis(),
                            toRelease.get(kill - 1).toMillis());
                    Thread.sleep(2_000); // traffic flows into the restarted pool before the next kill
                }
                traffic.stop();
                assertThat(traffic.awaitAllSettled(Duration.ofMinutes(4)))
                        .as("every request answered or failed; " + ledger.summary())
                        .isTrue();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ledger.exitRecordedOnce() < ledger.sent() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            FaultSummary.print(
                    "kill -9 of pool mixer " + KILLS + " times mid-traffic",
                    List.of(
                            ledger.summary(),
                            "time from restart to RUNNING: " + FaultSummary.distribution(toRunning),
                            "time from restart to first release: " + FaultSummary.distribution(toRelease)));
            assertThat(ledger.sent()).isGreaterThan(100);
            assertThat(ledger.failures()).as("failed requests").isEmpty();
            assertThat(ledger.unanswered()).as("requests lost").isZero();
            assertThat(ledger.mismatched()).as("wrong replies").isZero();
            assertThat(ledger.repliedTwice()).as("requests answered twice").isZero();
            assertThat(ledger.exitRecordedTwice())
                    .as("requests in two committed exit records")
                    .isZero();
            assertThat(ledger.exitRecordedOnce())
                    .as("requests in exactly one exit record")
                    .isEqualTo(ledger.sent());
            assertThat(ledger.handledTwice())
                    .as("requests the service handled twice")
                    .isZero();
            assertThat(toRelease).allSatisfy(d -> assertThat(d).isLessThan(RESUME_BOUND));
        }
    }
}
