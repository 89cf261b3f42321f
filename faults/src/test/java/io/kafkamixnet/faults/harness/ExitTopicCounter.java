package io.kafkamixnet.faults.harness;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the exit topic {@code read_committed} (as the service does) and counts, per request, the
 * committed records that carry it: a request released twice by a mixer shows here even though the
 * client would drop the second reply. Runs on its own thread until closed.
 */
public final class ExitTopicCounter implements AutoCloseable {

    private static final AvroCodec<ExitMessage> EXIT = AvroCodec.of(ExitMessage.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RequestLedger ledger;
    private final MessageLimits limits = MessageLimits.of(Geometry.defaults());
    private final Thread thread;
    private volatile boolean closing;

    private ExitTopicCounter(ClientSettings cluster, String topic, RequestLedger ledger) {
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.ledger = ledger;
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                .toList());
        this.thread = new Thread(this::run, "exit-topic-counter");
        thread.setDaemon(true);
    }

    public static ExitTopicCounter start(ClientSettings cluster, String topic, RequestLedger ledger) {
        ExitTopicCounter c = new ExitTopicCounter(cluster, topic, ledger);
        c.thread.start();
        return c;
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    count(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void count(byte[] value) {
        try {
            RequestFrame frame =
                    RequestFrame.decode(AvroCodec.copyBytes(EXIT.decode(value).getPayload()), limits);
            if (frame.count() == 1) {
                ledger.exitRecord(frame.data());
            }
        } catch (RecordDecodingException | FrameException e) {
            // not a request of this test (cover traffic never exits)
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
