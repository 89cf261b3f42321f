package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed dead letters of one mixer by reason, from the start of its dead-letter topic,
 * on a thread of its own: what a benchmark waits on, since a rejection counts once its letter is
 * committed (read_committed: an aborted transaction's letters never count). No consumer group: the
 * reader assigns every partition itself and commits nothing.
 */
public final class DeadLetterCounter implements AutoCloseable {

    /** The pseudo-reason of a dead-letter record that does not decode as a {@code DeadLetter}. */
    public static final String UNREADABLE = "(unreadable dead letter)";

    private static final AvroCodec<DeadLetter> LETTERS = AvroCodec.of(DeadLetter.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String mixerId;
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private DeadLetterCounter(KafkaConsumer<byte[], byte[]> consumer, String mixerId) {
        this.consumer = consumer;
        this.mixerId = mixerId;
        this.thread = new Thread(this::run, "dead-letter-counter");
        this.thread.setDaemon(true);
    }

    /**
     * Starts counting the letters {@code mixerId} wrote to {@code topic} (which must exist).
     *
     * @throws IllegalStateException if the topic has no partitions visible to this client
     */
    public static DeadLetterCounter start(ClientSettings cluster, String topic, String mixerId) {
        Map<String, Object> config = new HashMap<>(cluster.asClientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("dead-letter topic " + topic + " has no partitions visible here");
            }
            List<TopicPartition> assigned = new ArrayList<>();
            partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        DeadLetterCounter counter = new DeadLetterCounter(consumer, mixerId);
        counter.thread.start();
        return counter;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    count(r.value());
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    private void count(byte[] value) {
        String reason;
        try {
            DeadLetter letter = LETTERS.decode(value);
            if (!mixerId.equals(letter.getMixerId())) {
                return;
            }
            reason = letter.getReason();
        } catch (RecordDecodingException e) {
            reason = UNREADABLE;
        }
        byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
        total.increment();
    }

    /** Committed letters of {@code reason} counted so far. */
    public long count(String reason) {
        LongAdder a = byReason.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Committed letters of every reason counted so far. */
    public long total() {
        return total.sum();
    }

    /** Counts by reason, sorted by reason. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        byReason.forEach((r, v) -> m.put(r, v.sum()));
        return m;
    }

    /**
     * Throws if the reading thread stopped on an error: counts would never grow again.
     *
     * @throws IllegalStateException with the reader's error as its cause
     */
    public void checkHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("reading the dead-letter topic failed: " + t.getMessage(), t);
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
