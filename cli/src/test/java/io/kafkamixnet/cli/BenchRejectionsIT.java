package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.cli.bench.HostileKind;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code mixnet bench rejections} through the command line against a real broker: every kind of
 * hostile record reaches a real mixer and is dead-lettered with its own reason, every count exact.
 * Numbers are printed, never asserted beyond being measured.
 */
@ExtendWith(KafkaClusterExtension.class)
class BenchRejectionsIT {

    @Test
    void everyKindIsDeadLetteredWithItsReasonAndCountedExactly(KafkaCluster cluster) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int rc = cl.execute(
                "bench", "rejections", "--bootstrap-servers", cluster.bootstrapServers(), "--records", "200", "--json");

        assertThat(rc).as("exit code; stderr:%n%s", err).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("benchmark").asText()).isEqualTo("rejections");
        assertThat(report.path("allAsExpected").asBoolean()).isTrue();
        assertThat(report.path("setup").path("recordsPerKind").asInt()).isEqualTo(200);
        assertThat(report.path("setup").path("ingressPartitions").asInt()).isEqualTo(2);

        List<String> kinds = new ArrayList<>();
        for (JsonNode k : report.path("kinds")) {
            String kind = k.path("kind").asText();
            kinds.add(kind);
            assertThat(k.path("expectedReason").asText())
                    .as(kind)
                    .isEqualTo(HostileKind.parse(kind).expectedReason().name());
            assertThat(k.path("records").asLong()).as(kind).isEqualTo(200);
            assertThat(k.path("rejectedAsExpected").asLong()).as(kind).isEqualTo(200);
            assertThat(k.path("unexpected").size())
                    .as("%s: %s", kind, k.path("unexpected"))
                    .isZero();
            assertThat(k.path("seconds").asDouble()).as(kind).isPositive();
            assertThat(k.path("recordsPerSecond").asDouble()).as(kind).isPositive();
            assertThat(k.path("meanRecordBytes").asDouble()).as(kind).isPositive();
            // On a broker that answers describeLogDirs, every letter grew the dead-letter topic.
            assertThat(k.path("brokerBytesPerRecord").asDouble()).as(kind).isPositive();
        }
        assertThat(kinds)
                .containsExactlyElementsOf(Arrays.stream(HostileKind.values())
                        .map(HostileKind::label)
                        .toList());
        // The narration went to standard error, so standard output is the JSON document alone.
        assertThat(err.toString()).contains("bad-mac: 200 records rejected");
    }

    @Test
    void aWrongPartitionFloodNeedsTwoPartitions() {
        StringWriter err = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute("bench", "rejections", "--partitions", "1", "--kinds", "wrong-partition");
        assertThat(rc).isNotZero();
        assertThat(err.toString())
                .contains("the wrong-partition kind needs an ingress topic of at least 2 partitions, found 1");
        assertThat(cl.execute("bench", "rejections", "--kinds", "nonsense")).isNotZero();
        assertThat(err.toString()).contains("expected a record kind among garbage, oversized");
    }
}
