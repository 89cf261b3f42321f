package io.kafkamixnet.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of {@code mixnet bench throughput} and {@code latency}: the setup and one
 * {@link FlowResult} per application and phase, printed as a table or as JSON of the same fields.
 *
 * @param benchmark  always {@code "flow"}
 * @param setup      the cluster, applications and machine the numbers were measured on
 * @param throughput the pass-through first, then each mixer; empty without a throughput phase
 * @param latency    the same for the latency phase
 */
public record FlowReport(String benchmark, Setup setup, List<FlowResult> throughput, List<FlowResult> latency) {

    /**
     * How the numbers were measured.
     *
     * @param cluster             {@code embedded} or the bootstrap servers given
     * @param packets             packets per application in the throughput phase
     * @param latencyRate         packets per second in the latency phase
     * @param latencySeconds      seconds per application in the latency phase
     * @param partitions          ingress partitions (stream tasks) of every application
     * @param threads             stream threads per instance
     * @param instances           instances per application
     * @param packetSize          Sphinx packet size, in bytes
     * @param processingGuarantee every application's Kafka Streams processing guarantee
     * @param availableProcessors cores this JVM may use
     * @param loadAverageAtStart  one-minute load average when the run started (-1 if unknown)
     * @param javaVersion         the JVM's version
     */
    public record Setup(
            String cluster,
            int packets,
            int latencyRate,
            int latencySeconds,
            int partitions,
            int threads,
            int instances,
            int packetSize,
            String processingGuarantee,
            int availableProcessors,
            double loadAverageAtStart,
            String javaVersion) {}

    public FlowReport {
        Objects.requireNonNull(setup, "setup");
        throughput = List.copyOf(throughput);
        latency = List.copyOf(latency);
    }

    /** The report as an indented JSON document. */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a flow report did not serialize: " + e.getMessage(), e);
        }
    }

    /** The summary table: one row per application, throughput and latency side by side, then the setup. */
    public void printTable(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%-26s %9s %6s %8s %8s %9s %9s %9s | %7s %7s %9s %9s%n",
                "application",
                "packets/s",
                "ratio",
                "CPU us/p",
                "JIT us/p",
                "out B/p",
                "chlog B/p",
                "total B/p",
                "p50 ms",
                "p99 ms",
                "+p50 ms",
                "+p99 ms");
        int rows = Math.max(throughput.size(), latency.size());
        for (int i = 0; i < rows; i++) {
            FlowResult t = i < throughput.size() ? throughput.get(i) : null;
            FlowResult l = i < latency.size() ? latency.get(i) : null;
            String name = t != null ? t.application() : l.application();
            out.printf(
                    Locale.ROOT,
                    "%-26s %9s %6s %8s %8s %9s %9s %9s | %7s %7s %9s %9s%n",
                    name,
                    t == null ? "" : fmt(t.packetsPerSecond(), "%.0f"),
                    t == null ? "" : t.ratio() == null ? "1" : fmt(t.ratio(), "%.2f"),
                    t == null ? "" : fmt(t.cpuMicrosPerPacket(), "%.0f"),
                    t == null ? "" : fmt(t.jitMicrosPerPacket(), "%.0f"),
                    t == null ? "" : fmt(t.outputBytesPerPacket(), "%.0f"),
                    t == null ? "" : fmt(t.changelogBytesPerPacket(), "%.0f"),
                    t == null ? "" : fmt(t.writtenBytesPerPacket(), "%.0f"),
                    l == null ? "" : Long.toString(l.p50Millis()),
                    l == null ? "" : Long.toString(l.p99Millis()),
                    l == null || l.addedP50Millis() == null ? "" : Long.toString(l.addedP50Millis()),
                    l == null || l.addedP99Millis() == null ? "" : Long.toString(l.addedP99Millis()));
        }
        out.printf(
                Locale.ROOT,
                "%s; %d-byte packets; %d partitions, %d stream threads x %d instances; throughput: %d packets"
                        + " preloaded; latency: %d packets/s for %d s; cluster: %s; %d cores, load %.2f at start;"
                        + " Java %s%n",
                setup.processingGuarantee(),
                setup.packetSize(),
                setup.partitions(),
                setup.threads(),
                setup.instances(),
                setup.packets(),
                setup.latencyRate(),
                setup.latencySeconds(),
                setup.cluster(),
                setup.availableProcessors(),
                setup.loadAverageAtStart(),
                setup.javaVersion());
        out.println("CPU is this whole process's (the embedded broker's too) per packet, JIT the part of it"
                + " the JIT compiler threads used (warm-up, not a steady-state cost); bytes are what the"
                + " brokers hold per packet; +p50/+p99 are the mixer's latency minus the pass-through's, its"
                + " strategy's own delay included.");
        out.flush();
    }

    private static String fmt(Double v, String format) {
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }
}
