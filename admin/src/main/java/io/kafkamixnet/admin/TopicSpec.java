package io.kafkamixnet.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The deliberate settings of one topic: name, partitions, replication and topic configs.
 *
 * <p>The factory methods hold the mixnet's decisions per topic role, so that every mixer, service
 * and client topic is created the same way wherever it is created:
 * <ul>
 *   <li>Packet topics (mixer ingress, exit, reply inbox) use {@code message.timestamp.type=LogAppendTime}:
 *       the broker overwrites whatever timestamp a sender chose, so a CreateTime set by a client can
 *       neither be stored nor used to tag its packet for a later observer.</li>
 *   <li>They are {@code delete}-policy topics with bounded retention: packets are transient.</li>
 *   <li>They refuse records far larger than a packet: {@code max.message.bytes} is
 *       {@link #packetTopicMaxMessageBytes} of the packet size (18,776 bytes for the default 2048-byte
 *       packets, against Kafka's default of about 1 MiB), so a flood of oversized garbage costs the
 *       sender a refused produce request and the mixer nothing.</li>
 *   <li>The directory topic is compacted: one descriptor per mixer, the latest wins. It compacts in
 *       bounded time ({@link #DIRECTORY_COMPACTION_LAG}): a superseded descriptor (a replayable old one,
 *       or one from a signer whose clock was ahead) leaves the log within that time plus the cleaner's
 *       back-off, instead of waiting in a never-rolled active segment for ever.</li>
 * </ul>
 */
public final class TopicSpec {

    /** Kafka's legal topic names. */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final Duration DEFAULT_PACKET_RETENTION = Duration.ofDays(1);
    public static final Duration DEFAULT_DEAD_LETTER_RETENTION = Duration.ofDays(7);

    /**
     * The network's default Sphinx packet size in bytes ({@code Geometry.defaults().packetSize()} of the
     * packet module, which this module does not depend on; a test checks they agree).
     */
    public static final int DEFAULT_PACKET_SIZE = 2048;
    /**
     * Most bytes a packet-topic record value adds to the packet size: a {@code PacketEnvelope} adds its
     * single-object header and three varints (at most 24), an {@code ExitMessage} carries a request of at
     * most the payload capacity plus a reply block of at most a header and a mixer id (at most the packet
     * size + 110), an {@code InboxMessage} a SURB id and a payload block (less than the packet size + 29).
     * A test encodes the largest of each and checks this bound.
     */
    public static final int PACKET_VALUE_OVERHEAD = 256;
    /**
     * Bytes of a Kafka record batch (magic 2) of one such record beyond its value: the 61-byte batch header
     * plus the record's own framing (length, attributes, timestamp and offset deltas, key and value lengths,
     * header count: at most 27 bytes for a record without key or headers). Measured with a real producer in
     * {@code PacketTopicSizeIT}: 70 bytes (61 + 9) for a default 2064-byte envelope.
     */
    public static final int RECORD_BATCH_OVERHEAD = 61 + 27;
    /** The Kafka producer's default {@code batch.size}: the most a batch of several records holds uncompressed. */
    public static final int PRODUCER_BATCH_SIZE = 16_384;
    /**
     * Longest a superseded directory record stays uncompacted ({@code max.compaction.lag.ms}, also the
     * directory's {@code segment.ms}): one hour. Kafka never compacts the active segment, and rolls it only
     * after {@code segment.ms} (default 7 days) once a new record arrives; mixers publish at least once an
     * epoch, so with one hour the active segment rolls, and the cleaner takes it, about hourly. The
     * cleaner ignores its dirty-ratio threshold for records older than this lag.
     */
    public static final Duration DIRECTORY_COMPACTION_LAG = Duration.ofHours(1);

    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, String> configs;

    private TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        this.name = Objects.requireNonNull(name, "name");
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    "Illegal topic name: expected 1-249 characters of [a-zA-Z0-9._-], found '" + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + ": partitions must be >= 1, found " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException("Topic " + name
                    + ": replication factor must be >= 1 or -1 (broker default), found " + replicationFactor);
        }
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.configs = Map.copyOf(configs);
    }

    /** A topic with explicit settings. A replication factor of -1 takes the broker's default. */
    public static TopicSpec of(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        return new TopicSpec(name, partitions, replicationFactor, configs);
    }

    /** A mixer's ingress topic (forward or response mixer): packets in, broker-assigned timestamps. */
    public static TopicSpec mixerIngress(String name, int partitions) {
        return mixerIngress(name, partitions, DEFAULT_PACKET_SIZE);
    }

    /** As {@link #mixerIngress(String, int)} for a network whose Sphinx packets have {@code packetSize} bytes. */
    public static TopicSpec mixerIngress(String name, int partitions, int packetSize) {
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION, packetSize);
    }

    /** A service's exit topic: requests leaving the last forward mixer. */
    public static TopicSpec exit(String name, int partitions) {
        return exit(name, partitions, DEFAULT_PACKET_SIZE);
    }

    /** As {@link #exit(String, int)} for a network whose Sphinx packets have {@code packetSize} bytes. */
    public static TopicSpec exit(String name, int partitions, int packetSize) {
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION, packetSize);
    }

    /** The shared reply inbox that every client reads whole. */
    public static TopicSpec replyInbox(String name, int partitions) {
        return replyInbox(name, partitions, DEFAULT_PACKET_SIZE);
    }

    /** As {@link #replyInbox(String, int)} for a network whose Sphinx packets have {@code packetSize} bytes. */
    public static TopicSpec replyInbox(String name, int partitions, int packetSize) {
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION, packetSize);
    }

    /**
     * The {@code max.message.bytes} of a packet topic: the largest record batch the broker accepts,
     * measured after compression. A batch of several records holds at most the producer's
     * {@code batch.size} ({@value #PRODUCER_BATCH_SIZE} by default; records are added only while they fit),
     * a batch of one record at most {@code packetSize + PACKET_VALUE_OVERHEAD + RECORD_BATCH_OVERHEAD};
     * one more record of headroom covers compression framing on incompressible packets:
     * {@code max(PRODUCER_BATCH_SIZE, one) + one}. 18,776 bytes for 2048-byte packets. A producer with a
     * larger {@code batch.size} still delivers (Kafka splits a refused batch and retries) but pays a round
     * trip each time: keep the default for packet topics, or raise this with {@link #withConfig}.
     *
     * @throws IllegalArgumentException if {@code packetSize} is not 1..1 MiB
     */
    public static int packetTopicMaxMessageBytes(int packetSize) {
        if (packetSize < 1 || packetSize > (1 << 20)) {
            throw new IllegalArgumentException("packet size must be 1.." + (1 << 20) + " bytes, found " + packetSize);
        }
        int oneRecordBatch = packetSize + PACKET_VALUE_OVERHEAD + RECORD_BATCH_OVERHEAD;
        return Math.max(PRODUCER_BATCH_SIZE, oneRecordBatch) + oneRecordBatch;
    }

    /** A mixer's dead-letter topic: reasons for rejections, never packet bytes. */
    public static TopicSpec deadLetter(String name) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", Long.toString(DEFAULT_DEAD_LETTER_RETENTION.toMillis()));
        c.put("message.timestamp.type", "LogAppendTime");
        return new TopicSpec(name, 1, (short) -1, c);
    }

    /**
     * The compacted directory topic of signed mixer descriptors, compacted in bounded time:
     * {@code segment.ms} and {@code max.compaction.lag.ms} of {@link #DIRECTORY_COMPACTION_LAG}, and a
     * {@code min.cleanable.dirty.ratio} of 0.1 (the topic is tiny: cleaning it is cheap, and a record
     * superseded once should not wait for half the log to be dirty).
     */
    public static TopicSpec directory(String name) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "compact");
        c.put("min.compaction.lag.ms", "0");
        c.put("max.compaction.lag.ms", Long.toString(DIRECTORY_COMPACTION_LAG.toMillis()));
        c.put("segment.ms", Long.toString(DIRECTORY_COMPACTION_LAG.toMillis()));
        c.put("min.cleanable.dirty.ratio", "0.1");
        c.put("message.timestamp.type", "LogAppendTime");
        return new TopicSpec(name, 1, (short) -1, c);
    }

    private static TopicSpec packetTopic(String name, int partitions, Duration retention, int packetSize) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", Long.toString(retention.toMillis()));
        c.put("message.timestamp.type", "LogAppendTime");
        c.put("max.message.bytes", Integer.toString(packetTopicMaxMessageBytes(packetSize)));
        return new TopicSpec(name, partitions, (short) -1, c);
    }

    /** A copy with another replication factor (e.g. 3 on a production cluster). */
    public TopicSpec withReplicationFactor(short replicationFactor) {
        return new TopicSpec(name, partitions, replicationFactor, configs);
    }

    /** A copy with one more (or a replaced) topic config. */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(configs);
        c.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, c);
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicSpec t
                && t.name.equals(name)
                && t.partitions == partitions
                && t.replicationFactor == replicationFactor
                && t.configs.equals(configs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, partitions, replicationFactor, configs);
    }

    @Override
    public String toString() {
        return "TopicSpec[" + name + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", configs=" + configs + "]";
    }
}
