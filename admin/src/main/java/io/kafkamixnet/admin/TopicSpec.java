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
            throw new IllegalArgumentException("Illegal topic name: expected 1-249 characters of [a-zA-Z0-9._-], found '"
                    + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + ": partitions must be >= 1, found " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException("Topic " + name + ": replication factor must be >= 1 or -1 (broker default), found "
                    + replicationFactor);
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
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION);
    }

    /** A service's exit topic: requests leaving the last forward mixer. */
    public static TopicSpec exit(String name, int partitions) {
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION);
    }

    /** The shared reply inbox that every client reads whole. */
    public static TopicSpec replyInbox(String name, int partitions) {
        return packetTopic(name, partitions, DEFAULT_PACKET_RETENTION);
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

    private static TopicSpec packetTopic(String name, int partitions, Duration retention) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("cleanup.policy", "delete");
        c.put("retention.ms", Long.toString(retention.toMillis()));
        c.put("message.timestamp.type", "LogAppendTime");
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
        return o instanceof TopicSpec t && t.name.equals(name) && t.partitions == partitions
                && t.replicationFactor == replicationFactor && t.configs.equals(configs);
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
