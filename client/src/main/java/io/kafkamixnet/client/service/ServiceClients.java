package io.kafkamixnet.client.service;

import io.kafkamixnet.client.internals.IngressProducer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka clients of a service, from ordinary client properties plus the settings the service needs. */
final class ServiceClients {

    private ServiceClients() {}

    /** A producer for reply packets: acks=all and idempotence unless configured otherwise. */
    static KafkaProducer<byte[], byte[]> newProducer(Map<String, Object> clientConfig) {
        return IngressProducer.create(clientConfig);
    }

    /** A consumer in group {@code groupId} that commits only what the service has dealt with. */
    static KafkaConsumer<byte[], byte[]> newConsumer(Map<String, Object> clientConfig, String groupId) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
