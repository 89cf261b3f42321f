package io.kafkamixnet.topology;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import io.kafkamixnet.topology.cover.MixerCover;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the shared reply inbox ({@code heartbeat.reply-inbox}) for a forward mixer's response-path
 * loops: every partition, from its end at start, with no consumer group, on one background thread.
 * Each record's SURB id is handed to {@link MixerCover#recogniseReply}; only this mixer knows which ids
 * are its loops, and it reads the inbox exactly as every client does (whole, no group, no committed
 * offsets), so the broker learns nothing from what it fetches.
 *
 * <p>Why a plain consumer and not a source of the mixer's Kafka Streams topology: the loops are
 * remembered by the instance that sent them, and a stream source would split the inbox's partitions
 * between the mixer's instances, each seeing the returns of others' loops. Every instance reads all of
 * it instead. {@code read_committed}: the response mixers write transactionally.
 *
 * <p>A record that is not an {@code InboxMessage} is counted ({@link #undecodable()}) and skipped; so is
 * a reply that is not one of this mixer's loops, which is almost every record.
 */
final class LoopInboxReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopInboxReader.class);
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final String mixerId;
    private final String topic;
    private final MixerCover cover;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec<InboxMessage> codec = AvroSerde.inboxMessage().codec();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final LongAdder read = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private Thread thread;
    private volatile boolean closing;

    /**
     * Connects, assigns every partition of {@code topic} and positions each at its current end before
     * returning, waiting out a missing topic and transient errors per {@code retry}.
     *
     * @throws io.kafkamixnet.admin.StartupException if the topic or its end offsets are not found in time,
     *     or at once on an error waiting cannot fix (authorization)
     */
    LoopInboxReader(
            String mixerId, Map<String, Object> clientConfig, String topic, MixerCover cover, StartupRetry retry) {
        this.mixerId = Objects.requireNonNull(mixerId, "mixerId");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.cover = Objects.requireNonNull(cover, "cover");
        this.consumer = new KafkaConsumer<>(
                consumerConfig(clientConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> found = retry.call(
                    "find the reply inbox " + topic + " that mixer " + mixerId + "'s reply-path loops come back to",
                    "the topic to exist and be readable by this mixer's principal (heartbeat.reply-inbox)",
                    left -> {
                        List<TopicPartition> ps = partitions(left);
                        if (ps.isEmpty()) {
                            throw new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist (yet)");
                        }
                        consumer.assign(ps);
                        consumer.seekToEnd(ps);
                        for (TopicPartition p : ps) {
                            consumer.position(p, left); // resolve now: loops sent after start are never missed
                        }
                        return ps;
                    });
            assigned.addAll(found);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return c;
    }

    /** Starts the reading thread. */
    void start() {
        thread = new Thread(this::run, "mixer-" + mixerId + "-loop-inbox");
        thread.setDaemon(true);
        thread.start();
    }

    /** Inbox records read so far. */
    long read() {
        return read.sum();
    }

    /** Inbox records that were not an {@code InboxMessage}. */
    long undecodable() {
        return undecodable.sum();
    }

    private void run() {
        long nextRefresh = System.currentTimeMillis() + PARTITION_REFRESH.toMillis();
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    read.increment();
                    recognise(r.value(), System.currentTimeMillis());
                }
                long now = System.currentTimeMillis();
                // The forward mixer's reply-path test runs here too, so that it runs while the
                // stream threads have nothing to do.
                cover.check(now);
                if (now >= nextRefresh) {
                    refreshPartitions();
                    nextRefresh = now + PARTITION_REFRESH.toMillis();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.error("Mixer {}: the loop inbox reader of {} was woken unexpectedly and stopped", mixerId, topic);
            }
        } catch (RuntimeException e) {
            // The reply-path test then sees no returns and raises the alarm: the operator hears of it.
            LOG.error("Mixer {}: the loop inbox reader of {} stopped: {}", mixerId, topic, e.toString());
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.warn("Mixer {}: closing the loop inbox consumer failed: {}", mixerId, e.toString());
            }
        }
    }

    private void recognise(byte[] value, long nowMillis) {
        if (value == null) {
            undecodable.increment();
            return;
        }
        InboxMessage m;
        try {
            m = codec.decode(value);
        } catch (RecordDecodingException e) {
            undecodable.increment();
            return;
        }
        cover.recogniseReply(m.getSurbId().bytes(), nowMillis);
    }

    private List<TopicPartition> partitions(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        }
        return out;
    }

    private void refreshPartitions() {
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition p : partitions(Duration.ofSeconds(5))) {
            if (!assigned.contains(p)) {
                added.add(p);
            }
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(new ArrayList<>(assigned));
            consumer.seekToBeginning(added); // a partition created after start holds only newer replies
            LOG.info("Mixer {}: reply inbox {} grew to {} partitions", mixerId, topic, assigned.size());
        }
    }

    /** Stops the reader and waits up to 5 seconds for it. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (t == null) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
