package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one output topic from its beginning with {@code read_committed} on its own thread, as a
 * downstream consumer would: counts the records and, given a way to find a record's send time,
 * collects each one's end-to-end latency (receive time minus send time, in milliseconds). Assigns
 * every partition itself, so no group join delays the first poll.
 */
final class OutputReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Long> latencies = new ArrayList<>();
    private volatile boolean stop;

    /**
     * @param sentMillis the send time of a record, or a negative number to count it without a latency;
     *                   null to count only
     */
    OutputReader(ClientSettings cluster, String topic, ToLongFunction<ConsumerRecord<byte[], byte[]>> sentMillis) {
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "mixnet-bench-reader");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Objects.requireNonNull(topic, "topic"), Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> read(sentMillis), "mixnet-bench-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(ToLongFunction<ConsumerRecord<byte[], byte[]>> sentMillis) {
        try {
            while (!stop) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                if (sentMillis != null) {
                    List<Long> batch = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        long sent = sentMillis.applyAsLong(r);
                        if (sent >= 0) {
                            batch.add(now - sent);
                        }
                    }
                    synchronized (latencies) {
                        latencies.addAll(batch);
                    }
                }
                count.addAndGet(records.count());
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Committed records read so far. */
    long count() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("reading the output failed: " + t.getMessage(), t);
        }
        return count.get();
    }

    /** The latencies collected so far, in milliseconds, sorted. */
    long[] sortedLatencies() {
        synchronized (latencies) {
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    @Override
    public void close() {
        stop = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
