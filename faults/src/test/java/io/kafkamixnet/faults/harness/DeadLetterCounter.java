package io.kafkamixnet.faults.harness;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts a mixer's committed dead letters by reason, reading its dead-letter topic on its own thread.
 * A dead letter without a reason counts under {@value #NO_REASON}.
 */
public final class DeadLetterCounter implements AutoCloseable {

    public static final String NO_REASON = "(none)";
    private static final AvroCodec<DeadLetter> CODEC = AvroCodec.of(DeadLetter.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, AtomicLong> byReason = new ConcurrentHashMap<>();
    private final AtomicLong undecodable = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    private DeadLetterCounter(ClientSettings cluster, String topic) {
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList());
        this.thread = new Thread(this::run, "dead-letter-counter");
        thread.setDaemon(true);
    }

    public static DeadLetterCounter start(ClientSettings cluster, String topic) {
        DeadLetterCounter c = new DeadLetterCounter(cluster, topic);
        c.thread.start();
        return c;
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        String reason = CODEC.decode(r.value()).getReason();
                        byReason.computeIfAbsent(
                                        reason == null || reason.isBlank() ? NO_REASON : reason, k -> new AtomicLong())
                                .incrementAndGet();
                    } catch (RecordDecodingException e) {
                        undecodable.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public long count(String reason) {
        AtomicLong n = byReason.get(reason);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> byReason() {
        Map<String, Long> m = new TreeMap<>();
        byReason.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Dead-letter records that were not DeadLetter records at all. */
    public long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
