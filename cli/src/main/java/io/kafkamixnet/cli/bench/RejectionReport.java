package io.kafkamixnet.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of {@code mixnet bench rejections}: how the run was set up and one {@link KindResult}
 * per kind, printed as a table or as a JSON document of the same fields.
 *
 * @param benchmark     always {@code "rejections"} (other phases of {@code mixnet bench} name theirs)
 * @param setup         the cluster, mixer and machine the numbers were measured on
 * @param kinds         one result per kind, in the order run (the mixer's check order)
 * @param allAsExpected every record of every kind got its expected reason
 */
public record RejectionReport(String benchmark, Setup setup, List<KindResult> kinds, boolean allAsExpected) {

    /**
     * How the numbers were measured.
     *
     * @param cluster             {@code embedded} or the bootstrap servers given
     * @param strategy            the mixer's strategy
     * @param ingressPartitions   partitions of the mixer's ingress topic
     * @param recordsPerKind      records produced per kind
     * @param packetSize          the geometry's packet size, in bytes
     * @param processingGuarantee the mixer's Kafka Streams processing guarantee
     * @param availableProcessors cores this JVM may use
     * @param loadAverageAtStart  the one-minute system load average when the run started (-1 if unknown)
     * @param javaVersion         the JVM's version
     */
    public record Setup(
            String cluster,
            String strategy,
            int ingressPartitions,
            int recordsPerKind,
            int packetSize,
            String processingGuarantee,
            int availableProcessors,
            double loadAverageAtStart,
            String javaVersion) {}

    public RejectionReport {
        Objects.requireNonNull(setup, "setup");
        kinds = List.copyOf(kinds);
    }

    static RejectionReport of(Setup setup, List<KindResult> kinds) {
        return new RejectionReport("rejections", setup, kinds, kinds.stream().allMatch(KindResult::asExpected));
    }

    /** The report as an indented JSON document. */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rejection report did not serialize: " + e.getMessage(), e);
        }
    }

    /** The summary table, one row per kind, then the setup. */
    public void printTable(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%-16s %-27s %8s %9s %8s %10s %11s %14s %10s%n",
                "kind",
                "expected reason",
                "records",
                "bytes/rec",
                "seconds",
                "rejected/s",
                "CPU us/rec",
                "DLT bytes/rec",
                "unexpected");
        for (KindResult k : kinds) {
            out.printf(
                    Locale.ROOT,
                    "%-16s %-27s %8d %9.0f %8.2f %10.0f %11s %14s %10d%s%n",
                    k.kind(),
                    k.expectedReason(),
                    k.records(),
                    k.meanRecordBytes(),
                    k.seconds(),
                    k.recordsPerSecond(),
                    k.cpuMicrosPerRecord() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", k.cpuMicrosPerRecord()),
                    k.brokerBytesPerRecord() == null
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.0f", k.brokerBytesPerRecord()),
                    k.unexpectedCount(),
                    k.unexpected().isEmpty() ? "" : "  " + k.unexpected());
        }
        out.printf(
                Locale.ROOT,
                "mixer: %s, %d ingress partitions, %s, %d-byte packets; cluster: %s; %d cores, load %.2f at start;"
                        + " Java %s%n",
                setup.strategy(),
                setup.ingressPartitions(),
                setup.processingGuarantee(),
                setup.packetSize(),
                setup.cluster(),
                setup.availableProcessors(),
                setup.loadAverageAtStart(),
                setup.javaVersion());
        out.println(
                allAsExpected
                        ? "Every record was dead-lettered with its expected reason."
                        : "SOME RECORDS GOT ANOTHER OUTCOME THAN THEIR EXPECTED REASON (column 'unexpected').");
        out.flush();
    }
}
