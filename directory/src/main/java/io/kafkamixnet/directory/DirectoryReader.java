package io.kafkamixnet.directory;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TransientKafkaErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
 * accepted before.
 *
 * <p>Start-up (finding the topic and reading it to the end offsets it had then) waits out transient
 * cluster errors with a {@link StartupRetry}: a topic that does not exist yet, a broker still starting,
 * no leader yet, a timeout. An error waiting cannot fix (authorization, an invalid topic name, an
 * unsupported version: see {@link TransientKafkaErrors}) ends start-up at once, and so does the retry's
 * timeout; then the reader thread stops and {@link #awaitReady} throws a {@link DirectoryException} that
 * says what was tried, for how long, the last error, and which setting bounds the wait. Once ready, the
 * reader follows the topic for as long as it runs: an error then is logged and the read retried every
 * second (a reader that has a directory keeps it rather than dying on a broker restart).
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
    private static final long PARTITION_REFRESH_MILLIS = 30_000;
    private static final long ERROR_BACKOFF_MILLIS = 1_000;

    private final String topic;
    private final TrustPolicy trust;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DirectoryState state;
    /** Counted down when start-up ended: ready, or failed ({@link #startupFailure} set). */
    private final CountDownLatch startupEnded = new CountDownLatch(1);

    private final Object lifecycle = new Object();

    private volatile boolean closed;
    private volatile boolean ready;
    private volatile DirectoryException startupFailure;
    /**
     * Callers inside {@link #awaitReady} now: a start-up failure is theirs to report (they get it thrown),
     * so it is logged at DEBUG then; with nobody waiting (a reader started and not awaited) the log is its
     * only report, at ERROR.
     */
    private final AtomicInteger waiting = new AtomicInteger();
    /** The last error of a start-up attempt, for a caller that stops waiting before the retry gives up. */
    private volatile Throwable lastStartupError;

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
     * Starts the background reader thread; start-up waits out transient errors for
     * {@link StartupRetry#DEFAULT_TIMEOUT} (see the class documentation).
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        start(StartupRetry.defaults());
    }

    /**
     * Starts the background reader thread; start-up (finding the topic and reading it to its end) retries
     * what {@code startup} retries, for as long as it allows.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start(StartupRetry startup) {
        Objects.requireNonNull(startup, "startup");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("directory reader of " + topic + " is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("directory reader of " + topic + " is already started");
            }
            thread = new Thread(() -> run(startup), "mixnet-directory-reader-" + topic);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Waits until the reader has read every partition up to the end offsets it saw when it first found
     * the topic; true if it did within {@code timeout}, false if it is still trying (see
     * {@link #lastStartupError()} for why).
     *
     * <p>A start-up failure while a caller waits here is that caller's to report: it is logged at DEBUG
     * only. A failure nobody waits for (a reader started and not awaited) is logged at ERROR.
     *
     * @throws DirectoryException if start-up failed: an error waiting cannot fix, or transient errors until
     *     the start-up retry's timeout (the message says which, the cause is the last error)
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        waiting.incrementAndGet();
        try {
            startupEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // Before reading the failure: a failure that saw this caller waiting is then seen by it.
            waiting.decrementAndGet();
        }
        DirectoryException failure = startupFailure;
        if (failure != null) {
            throw new DirectoryException(failure.getMessage(), failure.getCause());
        }
        return ready;
    }

    /** Whether {@link #awaitReady} would return true now. */
    public boolean isReady() {
        return ready;
    }

    /**
     * The last error a start-up attempt met while the reader is still trying (or met last before it
     * became ready or failed); empty if none.
     */
    public Optional<Throwable> lastStartupError() {
        return Optional.ofNullable(lastStartupError);
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

    private void run(StartupRetry startup) {
        try {
            if (!startUp(startup)) {
                return;
            }
            while (!closed) {
                try {
                    follow();
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
            if (!ready && !closed) {
                failStartup(new DirectoryException(
                        "directory reader of " + topic + " stopped by an unexpected error: " + e, e));
            }
            LOG.error("Directory reader of {} stopped by an unexpected error", topic, e);
            throw e;
        } finally {
            startupEnded.countDown();
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the directory consumer of {} failed", topic, e);
            }
        }
    }

    /** Finds the topic and reads it to its end, per {@code startup}; false if start-up failed or the reader was closed. */
    private boolean startUp(StartupRetry startup) {
        try {
            startup.run(
                    "read the directory topic '" + topic + "' to its end",
                    "the topic to exist and its partitions to be readable by this principal (mixers with"
                            + " directory.topic create it, or 'mixnet topics create --role directory')",
                    left -> {
                        try {
                            catchUp(left);
                        } catch (WakeupException | InterruptException e) {
                            throw e;
                        } catch (RuntimeException e) {
                            lastStartupError = e;
                            throw e;
                        }
                    });
        } catch (WakeupException | InterruptException e) {
            return false; // closed while starting
        } catch (StartupException e) {
            if (!closed) {
                failStartup(new DirectoryException(e.getMessage(), e.getCause()));
            }
            return false;
        } catch (KafkaException e) {
            if (!closed) {
                failStartup(new DirectoryException(
                        "Cannot read the directory topic '" + topic + "': " + e
                                + " (not retried: waiting cannot fix it; " + TransientKafkaErrors.class.getSimpleName()
                                + " lists what is retried)",
                        e));
            }
            return false;
        }
        ready = true;
        startupEnded.countDown();
        LOG.info(
                "Directory {} read: {} mixers accepted, rejected {}",
                topic,
                state.snapshot().size(),
                rejectedCounts());
        return true;
    }

    private void failStartup(DirectoryException failure) {
        startupFailure = failure;
        if (waiting.get() > 0) {
            LOG.debug("Directory reader of {} did not start (reported to the caller): {}", topic, failure.getMessage());
        } else {
            LOG.error("Directory reader of {} did not start: {}", topic, failure.getMessage());
        }
        startupEnded.countDown();
    }

    /**
     * One start-up attempt: finds the topic's partitions and reads them to the end offsets they had when
     * first found, within {@code left}.
     *
     * @throws UnknownTopicOrPartitionException if the topic does not exist (yet): retried
     * @throws TimeoutException if the end was not reached within {@code left}: retried
     */
    private void catchUp(Duration left) {
        long deadline = System.nanoTime() + left.toNanos();
        Duration metadataTimeout = left.compareTo(METADATA_TIMEOUT) < 0 ? left : METADATA_TIMEOUT;
        refreshPartitions(metadataTimeout);
        if (assigned.isEmpty()) {
            throw new UnknownTopicOrPartitionException("directory topic '" + topic + "' does not exist (yet)");
        }
        while (!caughtUp(metadataTimeout)) {
            if (closed) {
                throw new WakeupException();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("directory topic '" + topic + "' not read to its end offsets "
                        + catchUpTargets + " within " + left.toMillis() + " ms");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                handle(record);
            }
        }
    }

    /** Once ready: follows the topic, picking up new partitions every {@link #PARTITION_REFRESH_MILLIS}. */
    private void follow() {
        if (System.currentTimeMillis() >= nextPartitionRefresh) {
            refreshPartitions(METADATA_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            handle(record);
        }
    }

    private void refreshPartitions(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        nextPartitionRefresh = System.currentTimeMillis() + PARTITION_REFRESH_MILLIS;
        if (infos == null || infos.isEmpty()) {
            return;
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo p : infos) {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        // The catch-up target is read before anything changes, so that an attempt that fails here (a
        // timeout) leaves the reader as it was and the next attempt starts over.
        Map<TopicPartition, Long> targets = catchUpTargets == null ? consumer.endOffsets(added, timeout) : null;
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        consumer.seekToBeginning(added);
        assigned.addAll(added);
        if (targets != null) {
            catchUpTargets = new HashMap<>(targets);
        }
        LOG.debug("Directory reader of {} now reads partitions {}", topic, assigned);
    }

    private boolean caughtUp(Duration timeout) {
        if (catchUpTargets == null) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            if (consumer.position(target.getKey(), timeout) < target.getValue()) {
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
