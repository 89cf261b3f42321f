package io.kafkamixnet.cli.bench;

import java.util.Map;
import java.util.Objects;

/**
 * What one kind of hostile record cost the mixer. Field names are the JSON document's.
 *
 * @param kind                  the {@link HostileKind} label
 * @param description           what the records were
 * @param expectedReason        the rejection reason every record must get
 * @param records               records produced (and timed)
 * @param meanRecordBytes       mean size of a record's value, in bytes
 * @param seconds               from the first send to the last of them dead-lettered and committed
 * @param recordsPerSecond      {@code records / seconds}
 * @param cpuMicrosPerRecord    process CPU time over the timed window per record, in microseconds;
 *                              null where the JVM does not report it. On the embedded broker it
 *                              includes the broker, the producer and the dead-letter reader
 * @param brokerBytesPerRecord  growth of the dead-letter topic's logs on all brokers per record
 *                              (letters, batch headers, transaction markers, every replica); null
 *                              where the cluster does not answer {@code describeLogDirs}
 * @param rejectedAsExpected    records dead-lettered with {@code expectedReason}
 * @param unexpected            every other outcome by name (another reason, or {@code ACCEPTED}); empty
 *                              when the mixer did exactly what it must
 */
public record KindResult(
        String kind,
        String description,
        String expectedReason,
        long records,
        double meanRecordBytes,
        double seconds,
        double recordsPerSecond,
        Double cpuMicrosPerRecord,
        Double brokerBytesPerRecord,
        long rejectedAsExpected,
        Map<String, Long> unexpected) {

    /** The outcome name for records the mixer accepted instead of rejecting. */
    public static final String ACCEPTED = "ACCEPTED";

    public KindResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expectedReason, "expectedReason");
        unexpected = Map.copyOf(unexpected);
    }

    /** True when every record got the expected reason and nothing else happened. */
    public boolean asExpected() {
        return rejectedAsExpected == records && unexpected.isEmpty();
    }

    /** The number of records with any other outcome. */
    public long unexpectedCount() {
        return unexpected.values().stream().mapToLong(Long::longValue).sum();
    }
}
