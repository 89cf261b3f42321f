package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code mixnet bench all} and {@code mixnet bench pool} through the command line against a real
 * broker: every packet comes out of the pass-through and of each mixer, latencies are measured for
 * every packet sent, and a pool mixer in its own JVM is measured, killed and restored whole by a new one.
 * Numbers are printed, never
 * asserted beyond being measured.
 */
@ExtendWith(KafkaClusterExtension.class)
class BenchFlowIT {

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    @Test
    void throughputAndLatencyOfThePassThroughAndEachMixerAreMeasuredOnEveryPacket(KafkaCluster cluster)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = commandLine(out, err)
                .execute(
                        "bench",
                        "all",
                        "--bootstrap-servers",
                        cluster.bootstrapServers(),
                        "--strategy",
                        "timed,pool",
                        "--packets",
                        "300",
                        "--warm-up",
                        "50",
                        "--rate",
                        "50",
                        "--seconds",
                        "2",
                        "--json");

        assertThat(rc).as("exit code; stderr:%n%s", err).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("benchmark").asText()).isEqualTo("flow");
        JsonNode throughput = report.path("throughput");
        assertThat(throughput).hasSize(3);
        assertThat(throughput.get(0).path("application").asText()).isEqualTo("pass-through");
        assertThat(throughput.get(0).path("packetsOut").asLong()).isEqualTo(300);
        assertThat(throughput.get(1).path("application").asText()).startsWith("timed");
        assertThat(throughput.get(1).path("packetsOut").asLong()).isEqualTo(300);
        assertThat(throughput.get(2).path("packetsOut").asLong())
                .as("a pool keeps its minimum")
                .isEqualTo(200);
        for (JsonNode r : throughput) {
            assertThat(r.path("packetsPerSecond").asDouble()).isPositive();
            assertThat(r.path("outputBytesPerPacket").asDouble()).isPositive();
            if (r.has("jitMicrosPerPacket")) { // read from /proc: present on Linux
                assertThat(r.path("jitMicrosPerPacket").asDouble())
                        .as("the JIT's share of the process CPU")
                        .isBetween(0.0, r.path("cpuMicrosPerPacket").asDouble());
            }
        }
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(throughput.get(0).has("jitMicrosPerPacket")).isTrue();
        }
        assertThat(throughput.get(1).path("ratio").asDouble()).isPositive();
        assertThat(throughput.get(1).path("changelogBytesPerPacket").asDouble())
                .as("a mixer holds packets in a changelogged store")
                .isPositive();
        assertThat(throughput.get(0).path("changelogBytesPerPacket").asDouble()).isZero();

        JsonNode latency = report.path("latency");
        assertThat(latency).hasSize(3);
        assertThat(latency.get(0).path("packetsOut").asLong()).isEqualTo(100);
        assertThat(latency.get(1).path("packetsOut").asLong()).isEqualTo(100);
        assertThat(latency.get(1).path("p99Millis").asLong())
                .isGreaterThanOrEqualTo(latency.get(1).path("p50Millis").asLong());
        assertThat(latency.get(1).has("addedP50Millis")).isTrue();
    }

    @Test
    void aPoolIsFilledTurnedOverAndRestoredWhole(KafkaCluster cluster) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = commandLine(out, err)
                .execute(
                        "bench",
                        "pool",
                        "--bootstrap-servers",
                        cluster.bootstrapServers(),
                        "--held",
                        "300",
                        "--turnover",
                        "200",
                        "--rocksdb-memory-mib",
                        "32",
                        "--json");

        assertThat(rc).as("exit code; stderr:%n%s", err).isZero();
        JsonNode result =
                new ObjectMapper().readTree(out.toString()).path("results").get(0);
        assertThat(result.path("held").asInt()).isEqualTo(300);
        assertThat(result.path("mixerHeap").asText()).isEqualTo("256m");
        assertThat(result.path("rocksDbMemoryMib").asInt()).isEqualTo(32);
        assertThat(result.path("released").asLong()).isEqualTo(200);
        assertThat(result.path("restoredHeld").asLong()).isEqualTo(300);
        assertThat(result.path("restoreSeconds").asDouble()).isPositive();
        assertThat(result.path("poolChangelogBytesPerReleased").asDouble()).isPositive();
        // The mixer ran in its own JVM: its heap (attach + JMX) and RSS were read at every phase.
        JsonNode memory = result.path("memory");
        List<String> phases = new ArrayList<>();
        memory.forEach(m -> {
            phases.add(m.path("phase").asText());
            assertThat(m.path("heapMiB").asDouble()).as("heap at %s", m).isPositive();
            assertThat(m.path("rssMiB").asDouble()).as("RSS at %s", m).isPositive();
        });
        assertThat(phases).containsSubsequence("empty", "full", "rounds", "restored");
        assertThat(memory.get(phases.indexOf("full")).path("held").asLong()).isEqualTo(300);
        assertThat(memory.get(phases.indexOf("restored")).path("held").asLong()).isEqualTo(300);
    }
}
