package io.kafkamixnet.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the directory topic into an up-to-date {@link DirectorySnapshot}.
 *
 * <p>{@link #start()} starts one background thread that assigns itself every partition of the topic
 * (no consumer group, no committed offsets, {@code read_committed}), reads from the beginning and keeps
 * following. A record is accepted only if (in this order) its signature verifies with the identity key
 * it names and the content is well formed ({@link DescriptorCodec#verify}), the record key is the
 * descriptor's mixer id, the {@link TrustPolicy} admits that identity for that mixer id, it is not dated
 * more than the clock tolerance ahead (of this reader's clock, and of the broker's append time on a
 * {@code LogAppendTime} topic), and its sequence is higher than the last one accepted for that mixer.
 * Everything else is counted by
 * {@link Rejection} and ignored: garbage never stops the reader and never removes a mixer that was
 * accepted before. If the topic does not exist yet the reader waits for it.
 *
 * <p>The client configuration is any ordinary Kafka consumer configuration; this class drops
 * {@code group.id} and sets deserializers, isolation level and offset handling itself. Thread-safe.
 */
public final class DirectoryReader implements AutoCloseable {

    /**
     * How far ahead a descriptor's publication time may be before it is refused as
     * {@link Rejection#FUTURE_DATED}: five minutes, well above the clock error NTP leaves on any host and
     * well below the damage a fast clock does (a descriptor's sequence follows its signer's clock).
     */
    public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofMinutes(5);
    /** Largest clock tolerance accepted: one epoch of the default schedule, beyond which the check means nothing. */
    public static final Duration MAX_CLOCK_TOLERANCE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_FOR_TOPIC_MILLIS = 500;
    private static final long PARTITION_REFRESH_MILLIS = 30_000;
    private static final long ERROR_BACKOFF_MILLIS = 1_000;

    private final String topic;
    private final TrustPolicy trust;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DirectoryState state;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Object lifecycle = new Object();

    private volatile boolean closed;
    private Thread thread;

    // Used only by the reader thread.
    private final Set<TopicPartition> assigned = new HashSet<>();
    private Map<TopicPartition, Long> catchUpTargets;
    private long nextPartitionRefresh;

    public DirectoryReader(Map<String, Object> clientConfig, String directoryTopic, TrustPolicy trust) {
        this(clientConfig, directoryTopic, trust, DEFAULT_CLOCK_TOLERANCE, Clock.systemUTC());
    }

    /**
     * A reader that refuses, as {@link Rejection#FUTURE_DATED}, descriptors published more than
     * {@code clockTolerance} after {@code clock}'s now.
     *
     * @param clockTolerance 0..{@link #MAX_CLOCK_TOLERANCE}
     * @throws IllegalArgumentException if the tolerance is negative or above {@link #MAX_CLOCK_TOLERANCE}
     */
    public DirectoryReader(
            Map<String, Object> clientConfig,
            String directoryTopic,
            TrustPolicy trust,
            Duration clockTolerance,
            Clock clock) {
        this.topic = Objects.requireNonNull(directoryTopic, "directoryTopic");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.state = new DirectoryState(trust, directoryTopic, clock, clockTolerance);
        Map<String, Object> config = new HashMap<>(Objects.requireNonNull(clientConfig, "clientConfig"));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "mixnet-directory-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
    }

    /**
     * Starts the background reader thread.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("directory reader of " + topic + " is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("directory reader of " + topic + " is already started");
            }
            thread = new Thread(this::run, "mixnet-directory-reader-" + topic);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Waits until the reader has read every partition up to the end offsets it saw when it first found
     * the topic; true if it did within {@code timeout}.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #awaitReady} would return true now. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** The directory as read so far. */
    public DirectorySnapshot snapshot() {
        return state.snapshot();
    }

    /** How many records were ignored, by {@link Rejection} name; every reason is present. */
    public Map<String, Long> rejectedCounts() {
        return state.rejectedCounts();
    }

    /** How many descriptors were accepted (including later versions of the same mixer). */
    public long acceptedCount() {
        return state.acceptedCount();
    }

    public String topic() {
        return topic;
    }

    /** Stops the reader thread and closes the consumer. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        if (t == null) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Duration checkTolerance(Duration clockTolerance) {
        Objects.requireNonNull(clockTolerance, "clockTolerance");
        if (clockTolerance.isNegative() || clockTolerance.compareTo(MAX_CLOCK_TOLERANCE) > 0) {
            throw new IllegalArgumentException(
                    "clock tolerance must be between 0 and " + MAX_CLOCK_TOLERANCE + ", found " + clockTolerance);
        }
        return clockTolerance;
    }

    private void run() {
        try {
            while (!closed) {
                try {
                    step();
                } catch (WakeupException | InterruptException e) {
                    if (!closed) {
                        LOG.warn("Directory reader of {} interrupted unexpectedly; stopping", topic);
                    }
                    return;
                } catch (KafkaException e) {
                    LOG.warn(
                            "Directory reader of {}: {}; retrying in {} ms", topic, e.toString(), ERROR_BACKOFF_MILLIS);
                    sleep(ERROR_BACKOFF_MILLIS);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Directory reader of {} stopped by an unexpected error", topic, e);
            throw e;
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the directory consumer of {} failed", topic, e);
            }
        }
    }

    private void step() {
        long now = System.currentTimeMillis();
        if (assigned.isEmpty() || now >= nextPartitionRefresh) {
            refreshPartitions();
            if (assigned.isEmpty()) {
                sleep(WAIT_FOR_TOPIC_MILLIS);
                return;
            }
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            handle(record);
        }
        if (ready.getCount() > 0 && caughtUp()) {
            LOG.info(
                    "Directory {} read: {} mixers accepted, rejected {}",
                    topic,
                    state.snapshot().size(),
                    rejectedCounts());
            ready.countDown();
        }
    }

    private void refreshPartitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        nextPartitionRefresh = System.currentTimeMillis() + PARTITION_REFRESH_MILLIS;
        if (infos == null || infos.isEmpty()) {
            if (assigned.isEmpty()) {
                LOG.debug("Directory topic {} does not exist yet; waiting for it", topic);
                nextPartitionRefresh = 0;
            }
            return;
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo p : infos) {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            if (assigned.add(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(new ArrayList<>(assigned));
        consumer.seekToBeginning(added);
        if (catchUpTargets == null) {
            catchUpTargets = new HashMap<>(consumer.endOffsets(added, METADATA_TIMEOUT));
        }
        LOG.debug("Directory reader of {} now reads partitions {}", topic, assigned);
    }

    private boolean caughtUp() {
        if (catchUpTargets == null) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            if (consumer.position(target.getKey(), METADATA_TIMEOUT) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            long appendTime = record.timestampType() == TimestampType.LOG_APPEND_TIME ? record.timestamp() : -1;
            MixerInfo info = state.offer(record.key(), record.value(), appendTime);
            LOG.info(
                    "Directory {}: accepted mixer {} ({}, sequence {}, epochs {})",
                    topic,
                    info.mixerId(),
                    info.role(),
                    info.sequence(),
                    info.epochKeys().stream().map(EpochPublicKey::epoch).toList());
        } catch (DescriptorRejectedException e) {
            long n = state.rejected(e.reason());
            // Rate-limited: the first ten of each reason, then at powers of two.
            if (n <= 10 || Long.bitCount(n) == 1) {
                LOG.warn(
                        "Directory {}: ignored record {}-{}@{} ({} so far with this reason): {}",
                        topic,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        n,
                        e.getMessage());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    public String toString() {
        return "DirectoryReader[" + topic + ", " + state.snapshot().size() + " mixers, " + trust + "]";
    }
}
