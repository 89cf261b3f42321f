package io.kafkamixnet.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The test's ground truth: the payload of an exit record, read back by a consumer (the auditor never does). */
final class AuditedMixerPayloads {

    private AuditedMixerPayloads() {}

    static String payloadOf(AuditedMixer m, OutputLink o) {
        Map<String, Object> c = new HashMap<>(m.cluster.clientProperties());
        c.put("group.id", "truth-" + UUID.randomUUID());
        c.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp =
                    new TopicPartition(o.record().topic(), o.record().partition());
            consumer.assign(java.util.List.of(tp));
            consumer.seek(tp, o.record().offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == o.record().offset()) {
                        return AuditedMixer.payload(r.value());
                    }
                }
            }
        }
        throw new IllegalStateException("exit record " + o.record() + " not found");
    }
}
