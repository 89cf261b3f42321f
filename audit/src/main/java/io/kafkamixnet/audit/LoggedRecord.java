package io.kafkamixnet.audit;

/**
 * One data record as the broker stored it, with what a broker operator sees of it: where it is, its
 * timestamp (and whether the broker stamped it), the producer id and epoch of its batch, whether it
 * was written in a transaction and how that transaction ended.
 *
 * <p>The value is kept only when it is small ({@link LogDirReader#KEPT_VALUE_BYTES}); packet records are
 * all of one size and only their length is kept, which is all the audit needs of them.
 */
public final class LoggedRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final boolean logAppendTime;
    private final long producerId;
    private final short producerEpoch;
    private final boolean transactional;
    private final int keyLength;
    private final byte[] key;
    private final int valueLength;
    private final byte[] value;
    private final int headerCount;
    private TxnOutcome outcome;
    private long markerTimestamp = -1;

    LoggedRecord(
            String topic,
            int partition,
            long offset,
            long timestamp,
            boolean logAppendTime,
            long producerId,
            short producerEpoch,
            boolean transactional,
            int keyLength,
            byte[] key,
            int valueLength,
            byte[] value,
            int headerCount) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.logAppendTime = logAppendTime;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.transactional = transactional;
        this.keyLength = keyLength;
        this.key = key;
        this.valueLength = valueLength;
        this.value = value;
        this.headerCount = headerCount;
        this.outcome = transactional ? TxnOutcome.OPEN : TxnOutcome.NON_TRANSACTIONAL;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** Epoch milliseconds: the broker's append time on a LogAppendTime topic, the producer's otherwise. */
    public long timestamp() {
        return timestamp;
    }

    public boolean logAppendTime() {
        return logAppendTime;
    }

    /** The producer id of the record's batch, or -1 when the producer was neither idempotent nor transactional. */
    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    public boolean transactional() {
        return transactional;
    }

    /** Key length in bytes, -1 for a null key. */
    public int keyLength() {
        return keyLength;
    }

    /** The key when it was small enough to keep ({@link LogDirReader#KEPT_KEY_BYTES}); null otherwise. */
    public byte[] key() {
        return key;
    }

    /** Value length in bytes, -1 for a null value (a tombstone). */
    public int valueLength() {
        return valueLength;
    }

    /** The value when it was small enough to keep; null for a tombstone or a value not kept. */
    public byte[] value() {
        return value;
    }

    public int headerCount() {
        return headerCount;
    }

    public TxnOutcome outcome() {
        return outcome;
    }

    /**
     * Timestamp of the control marker that ended this record's transaction, -1 when there is none.
     * All markers of one transaction are written together, so this groups a producer's records by
     * transaction across partitions.
     */
    public long markerTimestamp() {
        return markerTimestamp;
    }

    void end(TxnOutcome outcome, long markerTimestamp) {
        this.outcome = outcome;
        this.markerTimestamp = markerTimestamp;
    }

    /** Where the record is, never its contents. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
