package io.kafkamixnet.client.internals;

import io.kafkamixnet.packet.PartitionBinding;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producing packets to mixer ingress topics, for clients (requests, drop packets) and services
 * (replies) alike: the producer's settings and the shape of every record.
 */
public final class IngressProducer {

    private IngressProducer() {}

    /**
     * A producer from ordinary client properties: byte-array serializers, never transactional, and
     * {@code acks=all} with idempotence unless configured otherwise (a lost packet is a lost request).
     */
    public static KafkaProducer<byte[], byte[]> create(Map<String, Object> clientConfig) {
        return new KafkaProducer<>(config(clientConfig), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> config(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        c.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        c.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        c.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return c;
    }

    /**
     * The record of one envelope for {@code topic}: no key, no headers, no timestamp, and the
     * partition the packet's group element binds it to. Mixers accept a packet only on that partition
     * (see {@link PartitionBinding}), so that a replay cannot reach a stream task that has not seen its
     * tag. The partition count comes from the producer's cached metadata (a fetch only the first time).
     */
    public static ProducerRecord<byte[], byte[]> record(
            Producer<?, ?> producer, String topic, byte[] packet, byte[] envelope) {
        int partitions = producer.partitionsFor(topic).size();
        return new ProducerRecord<>(topic, PartitionBinding.partitionFor(packet, partitions), null, null, envelope);
    }

    /** {@link #record} of a packet the {@link RequestPacker} built. */
    public static ProducerRecord<byte[], byte[]> record(Producer<?, ?> producer, RequestPacker.Outgoing out) {
        return record(producer, out.topic(), out.packet(), out.envelope());
    }
}
