package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The "done when": {@code mixnet audit} on a {@code mixnet demo} run prints per-strategy entropy. */
@ExtendWith(KafkaClusterExtension.class)
class AuditDemoIT {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void auditOfADemoRunPrintsEntropyPerStrategyAndMixer(KafkaCluster cluster) {
        Assumptions.assumeTrue(cluster.logDir().isPresent(), "needs the embedded broker's log directory");
        CommandRun demo = run(
                "demo",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--clients",
                "3",
                "--requests",
                "3",
                "--strategy",
                "timed");
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        Matcher directory =
                Pattern.compile("published a signed descriptor to (\\S+)").matcher(demo.out());
        assertThat(directory.find()).as(demo.out()).isTrue();

        CommandRun audit = run(
                "audit",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--log-dir",
                cluster.logDir().orElseThrow().toString(),
                "--directory-topic",
                directory.group(1));
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out())
                .contains("End to end: exit records, entropy over first-hop senders (bits)")
                .containsPattern("\\ntimed +\\d+ +\\d\\.\\d\\d +\\d\\.\\d\\d")
                .containsPattern("mix-1 +timed\\(t=1s\\)")
                .containsPattern("mix-2 +timed\\(t=1s\\)")
                .containsPattern("resp-1 +timed\\(t=1s\\)")
                .contains("[OK  ] consumers");
        // The broker is shared with the module's other ITs: the metadata review of the demo's own topics
        // (named after its directory topic's prefix) must be clean.
        String prefix = directory.group(1).substring(0, directory.group(1).lastIndexOf('.'));
        java.util.List<String> demoReview = audit.out()
                .lines()
                .filter(l -> l.startsWith("[") && l.contains(prefix + "."))
                .toList();
        assertThat(demoReview)
                .as(audit.out())
                .isNotEmpty()
                .noneMatch(l ->
                        l.startsWith("[WARN] keys") || l.startsWith("[WARN] headers") || l.startsWith("[WARN] sizes"));
    }
}
