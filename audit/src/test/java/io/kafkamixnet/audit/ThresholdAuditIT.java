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

/** A threshold mix of N per batch, N distinct senders per batch: every exit record has H = log2 N exactly. */
@ExtendWith(KafkaClusterExtension.class)
class ThresholdAuditIT {

    @Test
    void everyExitRecordHasTheEntropyOfItsBatch(KafkaCluster cluster, @TempDir Path work) throws Exception {
        int n = 4;
        int batches = 3;
        try (AuditedMixer m = new AuditedMixer(cluster, work, "threshold", Map.of("strategy.threshold", "" + n))) {
            for (int b = 0; b < batches; b++) {
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    payloads.add("batch " + b + " packet " + i);
                }
                m.sendFromDistinctSenders(payloads);
                m.awaitReleased((long) n * (b + 1));
            }
            List<OutputLink> exits = m.auditedExits(n * batches);
            assertThat(exits).hasSize(n * batches);
            double log2n = Math.log(n) / Math.log(2);
            for (OutputLink o : exits) {
                assertThat(o.senders().entropy()).isCloseTo(log2n, within(1e-9));
                assertThat(o.inputs().entropy()).isCloseTo(log2n, within(1e-9));
                assertThat(o.senders().support()).isEqualTo(n);
                assertThat(o.released()).isEqualTo(n);
            }
            // The senders of a batch are exactly the producers of that batch: 3 disjoint sets of 4.
            assertThat(exits.stream()
                            .flatMap(o -> o.senders().probabilities().keySet().stream())
                            .distinct()
                            .count())
                    .isEqualTo(n * batches);
        }
    }
}
