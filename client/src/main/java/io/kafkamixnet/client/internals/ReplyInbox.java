package io.kafkamixnet.client.internals;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.MixnetException;
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
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the shared reply-inbox topic whole, from the end as it was when the client started, on one
 * background thread, and hands every record value to a listener.
 *
 * <p>Why whole: a reply must not be linkable to its client by anything the broker sees. If clients
 * read only "their" partition, key or topic, or joined a consumer group, the broker would learn which
 * client fetched which reply. Reading every partition without a group makes every client's fetches
 * identical; which records a client cares about is decided locally, by SURB id.
 *
 * <p>No consumer group, no committed offsets ({@code group.id} is removed from the configuration),
 * {@code read_committed} unless configured otherwise (response mixers write transactionally). New
 * partitions of the topic are picked up (from their beginning) within {@link #PARTITION_REFRESH}.
 */
public final class ReplyInbox implements AutoCloseable {

    /** Receives inbox records on the inbox thread, and a tick at least every poll interval. */
    public interface Listener {
        void onRecord(byte[] value);

        void onTick(long nowMillis);

        /** The inbox thread stopped on an unexpected error; the client can no longer receive replies. */
        void onFailure(RuntimeException error);
    }

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ReplyInbox.class);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean closing;

    /**
     * Connects, assigns every partition of {@code topic} and positions each at its current end, before
     * returning: replies produced after this returns are never missed.
     *
     * <p>A topic that does not exist yet, and transient cluster errors, are waited out for {@code timeout}.
     *
     * @throws MixnetException if the topic does not exist or the end offsets cannot be read in {@code timeout}
     */
    public ReplyInbox(Map<String, Object> clientConfig, String topic, Duration timeout, Listener listener) {
        this(clientConfig, topic, StartupRetry.of(timeout).describedAs("the client's startTimeout"), listener);
    }

    /**
     * As {@link #ReplyInbox(Map, String, Duration, Listener)}, waiting per {@code startup} (the client's
     * start-up retry, whose deadline it shares with the client's other start-up steps).
     *
     * @throws MixnetException if the topic is not found or its end offsets not read before {@code startup}
     *     gives up, or at once on an error waiting cannot fix
     */
    public ReplyInbox(Map<String, Object> clientConfig, String topic, StartupRetry startup, Listener listener) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.consumer = new KafkaConsumer<>(
                consumerConfig(clientConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            // A topic created a moment ago (or about to be, by a mixer starting alongside) is waited for.
            List<TopicPartition> partitions = startup.call(
                    "find the reply inbox topic '" + topic + "' and its end offsets",
                    "the topic to exist and be readable by this principal (create it, e.g. with"
                            + " 'mixnet topics create --role inbox')",
                    left -> {
                        List<TopicPartition> found = partitions(left);
                        if (found.isEmpty()) {
                            throw new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist (yet)");
                        }
                        consumer.assign(found);
                        consumer.seekToEnd(found);
                        for (TopicPartition p : found) {
                            consumer.position(p, left); // resolve now, so "the end" is the end at start
                        }
                        return found;
                    });
            assigned.addAll(partitions);
        } catch (StartupException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw new MixnetException(e.getMessage(), e);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            if (e instanceof MixnetException) {
                throw e;
            }
            throw new MixnetException("cannot read the end of reply inbox topic '" + topic + "': " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, "mixnet-client-inbox");
        thread.setDaemon(true);
        thread.start();
    }

    static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return c;
    }

    private List<TopicPartition> partitions(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        }
        return out;
    }

    private void run() {
        long nextRefresh = System.currentTimeMillis() + PARTITION_REFRESH.toMillis();
        try {
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    listener.onRecord(r.value());
                }
                long now = System.currentTimeMillis();
                listener.onTick(now);
                if (now >= nextRefresh) {
                    refreshPartitions();
                    nextRefresh = now + PARTITION_REFRESH.toMillis();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                listener.onFailure(new MixnetException("reply inbox reader was woken unexpectedly", e));
            }
        } catch (RuntimeException e) {
            LOG.error("Reply inbox reader of topic {} stopped: {}", topic, e.toString());
            listener.onFailure(new MixnetException("reply inbox reader stopped: " + e.getMessage(), e));
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.warn("Closing the reply inbox consumer failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    private void refreshPartitions() {
        List<TopicPartition> now = partitions(Duration.ofSeconds(5));
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition p : now) {
            if (!assigned.contains(p)) {
                added.add(p);
            }
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(new ArrayList<>(assigned));
            consumer.seekToBeginning(added); // a partition created after start holds only newer replies
            LOG.info("Reply inbox topic {} grew to {} partitions", topic, assigned.size());
        }
    }

    /** Stops the reader and waits up to {@code timeout} for it. */
    public void close(Duration timeout) {
        closing = true;
        consumer.wakeup();
        try {
            if (Thread.currentThread() != thread && !stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Reply inbox reader did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
