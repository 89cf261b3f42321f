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
}
