package io.kafkamixnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.faults.harness.DeadLetterCounter;
import io.kafkamixnet.faults.harness.FaultNetwork;
import io.kafkamixnet.faults.harness.FaultSummary;
import io.kafkamixnet.faults.harness.IngressFlood;
import io.kafkamixnet.faults.harness.MixerGroupLag;
import io.kafkamixnet.faults.harness.RequestLedger;
import io.kafkamixnet.faults.harness.SteadyTraffic;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200,000 hostile records (garbage, bit-flipped and replayed envelopes) in the pool mixer's ingress,
 * interleaved with real requests: each is dead-lettered with the reason its kind must get, the real
 * requests are all answered, and the mixer's consumer group catches up (lag 0).
 */
@ExtendWith(KafkaClusterExtension.class)
class GarbageFloodFaultIT {

    private static final Map<IngressFlood.Kind, Integer> COUNTS = new EnumMap<>(Map.of(
            IngressFlood.Kind.GARBAGE, 100_000,
            IngressFlood.Kind.BIT_FLIPPED, 60_000,
            IngressFlood.Kind.REPLAYED, 40_000));

    @Test
    void everyHostileRecordIsRejectedWithItsReasonAndRealTrafficIsAnswered(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        List<String> lines = new ArrayList<>();
        try (FaultNetwork net = FaultNetwork.start(cluster.bootstrapServers(), work, 4)) {
            RequestLedger ledger = net.ledger();
            String ingress = net.ingressTopic(FaultNetwork.FORWARD);
            try (DeadLetterCounter deadLetters =
                            DeadLetterCounter.start(net.clientSettings(), net.deadLetterTopic(FaultNetwork.FORWARD));
                    IngressFlood flood = new IngressFlood(net.clientSettings(), ingress, Geometry.defaults())) {
                SteadyTraffic traffic = SteadyTraffic.start(net.clients(), ledger, FaultNetwork.SERVICE, 4);
                net.mixer(FaultNetwork.FORWARD)
                        .awaitStatus(s -> s.released() > 0, Duration.ofMinutes(1), "its first release");
                Thread.sleep(3_000); // some real envelopes to flip and replay
                List<byte[]> real = flood.realEnvelopes(200);
                assertThat(real).as("real envelopes in the ingress topic").isNotEmpty();
                for (var e : COUNTS.entrySet()) {
                    IngressFlood.Kind kind = e.getKey();
                    int count = e.getValue();
                    long before = deadLetters.count(kind.expectedReason());
                    long t0 = System.nanoTime();
                    flood.produce(kind, count, real);
                    long produced = System.nanoTime();
                    long deadline = produced + Duration.ofMinutes(4).toNanos();
                    while (deadLetters.count(kind.expectedReason()) - before < count && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    long rejected = deadLetters.count(kind.expectedReason()) - before;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    lines.add(String.format(
                            "%s: %d sent (producer done after %.1f s), %d dead-lettered as %s after %.1f s: %.0f records/s",
                            kind,
                            count,
                            (produced - t0) / 1e9,
                            rejected,
                            kind.expectedReason(),
                            seconds,
                            rejected / seconds));
                    assertThat(rejected)
                            .as(kind + " dead-lettered as " + kind.expectedReason())
                            .isEqualTo(count);
                }
                traffic.stop();
                assertThat(traffic.awaitAllSettled(Duration.ofMinutes(3)))
                        .as("every request answered or failed; " + ledger.summary())
                        .isTrue();
                long lag = Long.MAX_VALUE;
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (lag != 0 && System.nanoTime() < deadline) {
                    lag = MixerGroupLag.of(net.clientSettings(), net.applicationId(FaultNetwork.FORWARD), ingress);
                    if (lag != 0) {
                        Thread.sleep(500);
                    }
                }
                Thread.sleep(1_000); // the last dead letters of the real traffic, if any
                lines.add("dead letters by reason: " + deadLetters.byReason() + ", undecodable dead letters: "
                        + deadLetters.undecodable());
                lines.add("real traffic: " + ledger.summary());
                lines.add("consumer lag of " + net.applicationId(FaultNetwork.FORWARD) + " on the ingress: " + lag);
                FaultSummary.print("200,000 hostile records interleaved with real traffic", lines);
                assertThat(lag).as("consumer lag after the flood").isZero();
                Map<String, Long> expected = new java.util.TreeMap<>();
                COUNTS.forEach((kind, n) -> expected.merge(kind.expectedReason(), (long) n, Long::sum));
                assertThat(deadLetters.byReason()).as("dead letters by reason").isEqualTo(expected);
                assertThat(deadLetters.undecodable()).isZero();
            }
            assertThat(ledger.sent()).isGreaterThan(20);
            assertThat(ledger.failures()).as("failed requests").isEmpty();
            assertThat(ledger.unanswered()).as("real requests lost").isZero();
            assertThat(ledger.mismatched()).isZero();
        }
    }
}
