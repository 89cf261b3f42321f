package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our timed dynamic pool with f = 1 and n_min = 10, fed exactly N = 100 distinct senders per round, is
 * the threshold pool mix of Serjantov &amp; Danezis (2002) with n = 10 kept: in steady state every output has
 * H = (1 + n/N)·log2(N + n) − (n/N)·log2 n = 7.127 bits. Round 1 releases 90 of 100 (log2 100); from
 * round 2 on the history decays by n/(N+n) = 1/11 per round.
 */
@ExtendWith(KafkaClusterExtension.class)
class PoolAuditIT {

    static final int N = 100;
    static final int KEPT = 10;

    @Test
    void steadyStateEntropyIsTheClosedForm(KafkaCluster cluster, @TempDir Path work) throws Exception {
        int rounds = 4;
        try (AuditedMixer m = new AuditedMixer(
                cluster,
                work,
                "pool",
                Map.of("strategy.interval", "6s", "strategy.min-pool", "" + KEPT, "strategy.fraction", "1"))) {
            long released = 0;
            for (int r = 0; r < rounds; r++) {
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    payloads.add(r + "/" + i);
                }
                m.sendFromDistinctSenders(payloads);
                released += r == 0 ? N - KEPT : N;
                m.awaitReleased(released);
                // Each round's arrivals land inside one interval, or the pool is not the closed form's mix.
                assertThat(m.mixer().metrics().releasedCount()).isEqualTo(released);
            }
            List<OutputLink> exits = m.auditedExits((int) released);
            double closedForm = (1 + (double) KEPT / N) * log2(N + KEPT) - ((double) KEPT / N) * log2(KEPT);
            assertThat(closedForm).isCloseTo(7.127, within(0.001));
            List<OutputLink> steady =
                    exits.stream().filter(o -> o.released() == N).toList();
            assertThat(steady).hasSize((rounds - 1) * N);
            for (OutputLink o : steady) {
                assertThat(o.senders().entropy()).isCloseTo(closedForm, within(closedForm * 0.01));
                assertThat(o.inputs().entropy()).isCloseTo(closedForm, within(closedForm * 0.01));
            }
            for (OutputLink o : exits) {
                if (o.released() == N - KEPT) {
                    assertThat(o.senders().entropy()).isCloseTo(log2(N), within(1e-9));
                }
            }
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
