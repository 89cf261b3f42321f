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
 * A timed mix releases whatever arrived in an interval: each exit record has H = log2(size of its
 * batch), a batch of one is linked with certainty. Each batch is sent right after the previous release,
 * so it lands inside one interval.
 */
@ExtendWith(KafkaClusterExtension.class)
class TimedAuditIT {

    @Test
    void everyExitRecordHasTheEntropyOfItsBatch(KafkaCluster cluster, @TempDir Path work) throws Exception {
        int[] sizes = {1, 5, 2, 3};
        try (AuditedMixer m = new AuditedMixer(cluster, work, "timed", Map.of("strategy.interval", "3s"))) {
            long total = 0;
            for (int b = 0; b < sizes.length; b++) {
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < sizes[b]; i++) {
                    payloads.add(b + "/" + i);
                }
                m.sendFromDistinctSenders(payloads);
                total += sizes[b];
                m.awaitReleased(total);
            }
            List<OutputLink> exits = m.auditedExits((int) total);
            assertThat(exits).hasSize((int) total);
            for (OutputLink o : exits) {
                // The ground truth: the batch the test sent this packet in, read from its payload.
                int batch =
                        Integer.parseInt(AuditedMixerPayloads.payloadOf(m, o).split("/")[0]);
                double expected = Math.log(sizes[batch]) / Math.log(2);
                assertThat(o.senders().entropy()).as("batch %d", batch).isCloseTo(expected, within(1e-9));
                assertThat(o.senders().certain()).isEqualTo(sizes[batch] == 1);
            }
        }
    }
}
