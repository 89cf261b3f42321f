package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's log directory is one the auditor reads as a real broker's: every batch linked, nothing lost. */
class SyntheticNetworkLogTest {

    @Test
    void auditOfATimedMixerLogGivesLog2OfEachBatch(@TempDir Path dir) {
        long written = SyntheticNetworkLog.write(dir, 300, 6, 20, 3);
        TopicLogs logs = LogDirReader.read(dir);
        assertThat(logs.recordCount()).isEqualTo(written);
        NetworkLayout layout = NetworkLayout.discover(logs, null);
        assertThat(layout.mixers()).hasSize(1);
        assertThat(layout.mixers().get(0).ingressTopic()).isEqualTo(SyntheticNetworkLog.INGRESS);
        AnonymityAnalysis.Result result = AnonymityAnalysis.run(logs, layout);
        List<OutputLink> exits = result.outputs();
        assertThat(exits).hasSize(logs.records(SyntheticNetworkLog.INGRESS).size());
        assertThat(result.unmatchedIntakes()).isZero();
        assertThat(result.unattributedOutputs()).isZero();
        assertThat(result.releases()).hasSize(300);
        for (OutputLink o : exits) {
            assertThat(o.inputs().entropy()).isCloseTo(Math.log(o.released()) / Math.log(2), within(1e-9));
            assertThat(o.senders().entropy()).isLessThanOrEqualTo(o.inputs().entropy() + 1e-9);
        }
        assertThat(result.firstHopVolumes()).hasSizeLessThanOrEqualTo(20);

        AuditReport report = Auditor.audit(logs, dir.toString(), null, null, null);
        assertThat(report.endToEnd().messages()).isEqualTo(exits.size());
        assertThat(report.findings())
                .anyMatch(f -> f.area().equals("sizes") && f.severity() == Finding.Severity.OK)
                .anyMatch(f -> f.area().equals("flushes"));
    }

    /**
     * Three releases committed in one transaction onto one exit partition: the order of the records in the
     * partition tells which release each came from, so every output still has H = log2 of its own batch.
     */
    @Test
    void releasesCommittedTogetherAreSeparatedByTheOrderInTheirPartition(@TempDir Path dir) {
        SyntheticNetworkLog.write(dir, 90, 6, 1000, 11, 3, 1);
        TopicLogs logs = LogDirReader.read(dir);
        AnonymityAnalysis.Result result = AnonymityAnalysis.run(logs, NetworkLayout.discover(logs, null));
        assertThat(result.releases()).hasSize(90);
        assertThat(result.mergedTransactions()).isZero();
        for (OutputLink o : result.outputs()) {
            assertThat(o.inputs().entropy()).isCloseTo(Math.log(o.released()) / Math.log(2), within(1e-9));
        }
    }

    /** Over two partitions the order narrows the candidates without ever excluding the release that emitted it. */
    @Test
    void overSeveralPartitionsTheOrderOnlyNarrows(@TempDir Path dir) {
        SyntheticNetworkLog.write(dir, 90, 6, 1000, 12, 3, 2);
        TopicLogs logs = LogDirReader.read(dir);
        AnonymityAnalysis.Result result = AnonymityAnalysis.run(logs, NetworkLayout.discover(logs, null));
        for (OutputLink o : result.outputs()) {
            // With no drops every output came from one of its candidate releases: at most all three batches.
            assertThat(o.released()).isBetween(1L, 18L);
            assertThat(o.inputs().support()).isEqualTo((int) o.released());
        }
    }
}
