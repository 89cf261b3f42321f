package io.kafkamixnet.directory;

import io.kafkamixnet.schemas.SignedDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signed mixer descriptors to the directory topic: record key the mixer id (UTF-8), so
 * compaction keeps the latest descriptor per mixer; value the single-object encoding of a
 * {@link SignedDescriptor}. Each {@link #publish} is synchronous, with {@code acks=all} and an
 * idempotent producer, so when it returns the descriptor is durable.
 *
 * <p>The client configuration is any ordinary Kafka producer configuration (bootstrap servers,
 * SASL/SSL, ...); this class sets serializers, {@code acks=all} and idempotence itself and drops a
 * {@code transactional.id}. Thread-safe (a Kafka producer is).
 */
public final class DirectoryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPublisher.class);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public DirectoryPublisher(Map<String, Object> clientConfig, String directoryTopic) {
        this.topic = Objects.requireNonNull(directoryTopic, "directoryTopic");
        Map<String, Object> config = new HashMap<>(Objects.requireNonNull(clientConfig, "clientConfig"));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "mixnet-directory-publisher");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * Signs {@code info} with {@code identity} and writes it to the directory topic; returns when the
     * broker has acknowledged it.
     *
     * @throws IllegalArgumentException if {@code info} names another identity than {@code identity}
     * @throws DirectoryException if the record cannot be written (the cause says why)
     */
    public void publish(MixerIdentity identity, MixerInfo info) {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        try {
            // Never publish what readers would reject: check our own record the way they do.
            DescriptorCodec.verify(signed);
        } catch (DescriptorRejectedException e) {
            throw new IllegalStateException("mixer " + info.mixerId() + ": own descriptor does not verify: " + e.getMessage());
        }
        byte[] value = DescriptorCodec.encode(signed);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, info.mixerId().getBytes(StandardCharsets.UTF_8), value);
        try {
            RecordMetadata meta = producer.send(record).get();
            LOG.info("Published descriptor of mixer {} (sequence {}, epochs {}) to {}-{}@{}", info.mixerId(), info.sequence(),
                    info.epochKeys().stream().map(EpochPublicKey::epoch).toList(), meta.topic(), meta.partition(), meta.offset());
        } catch (ExecutionException e) {
            throw new DirectoryException("cannot publish the descriptor of mixer " + info.mixerId() + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted while publishing the descriptor of mixer " + info.mixerId(), e);
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public String toString() {
        return "DirectoryPublisher[" + topic + "]";
    }
}
