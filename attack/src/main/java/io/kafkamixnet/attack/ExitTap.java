package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the mixer's single-partition exit topic from the beginning with {@code read_committed} on a
 * thread of its own and hands every record, in offset order, to a listener — the adversary's view of
 * the mixer's output. A record that is not an exit message is reported with an empty payload.
 */
public final class ExitTap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExitTap.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ExitObservation> listener;
    private final AvroCodec<ExitMessage> exits = AvroCodec.of(ExitMessage.class);
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts reading {@code topic} partition 0 at once. */
    public ExitTap(ClientSettings cluster, String topic, Consumer<ExitObservation> listener) {
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "mixnet-attack-tap-" + UUID.randomUUID());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.listener = listener;
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        this.thread = new Thread(this::run, "mixnet-attack-exit-tap");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (running) {
                List<ExitObservation> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    batch.add(new ExitObservation(r.offset(), r.timestamp(), payloadOf(r.value())));
                }
                batch.forEach(listener);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("The exit tap stopped reading: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private byte[] payloadOf(byte[] value) {
        if (value == null) {
            return new byte[0];
        }
        try {
            return AvroCodec.copyBytes(exits.decode(value).getPayload());
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
