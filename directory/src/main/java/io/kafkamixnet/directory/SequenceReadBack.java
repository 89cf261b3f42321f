package io.kafkamixnet.directory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read of the directory topic, from the beginning to the end offsets seen at the start, for what a
 * publisher has published before: the {@link DirectoryPublisher} continues its sequence above it. The
 * topic is compacted and keyed by mixer id, so this is short. No consumer group, {@code read_committed};
 * the consumer takes the publisher's client settings as far as a consumer knows them. One call is one
 * attempt: the {@link DirectoryPublisher} retries it with its {@link io.kafkamixnet.admin.StartupRetry}.
 */
final class SequenceReadBack {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceReadBack.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> clientConfig;
    private final String topic;

    SequenceReadBack(Map<String, Object> clientConfig, String topic) {
        this.clientConfig = clientConfig;
        this.topic = topic;
    }

    /**
     * The highest sequence of a descriptor of {@code mixerId} that verifies under {@code identity}, -1 if
     * none (or no topic yet). Every record is verified in full ({@link DescriptorCodec#verify}); records
     * of other identities, other mixer ids or garbage are ignored.
     *
     * @param timeout bounds the whole read, each blocking call included
     * @throws TimeoutException if the topic was not read to its end within {@code timeout} (transient)
     * @throws KafkaException as the consumer threw it (transient or not: the caller's retry decides)
     */
    long highestSequence(MixerIdentity identity, String mixerId, Duration timeout) {
        byte[] ownKey = identity.publicKey();
        byte[] recordKey = mixerId.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        long highest = -1;
        int ignored = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return -1; // no topic yet: nothing was published (the send will say the topic is missing)
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!readUpTo(consumer, end, timeout)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("directory topic " + topic + " not read back to its end offsets " + end
                            + " within " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (!Arrays.equals(r.key(), recordKey)) {
                        continue;
                    }
                    try {
                        VerifiedDescriptor d = DescriptorCodec.verify(r.value());
                        if (d.mixerId().equals(mixerId) && Arrays.equals(d.identityKey(), ownKey)) {
                            highest = Math.max(highest, d.info().sequence());
                        } else {
                            ignored++;
                        }
                    } catch (DescriptorRejectedException e) {
                        ignored++;
                    }
                }
            }
        }
        LOG.info(
                "Mixer {}: last descriptor sequence published by this identity on {}: {} ({} other records under its key ignored)",
                mixerId,
                topic,
                highest < 0 ? "none" : highest,
                ignored);
        return highest;
    }

    private static boolean readUpTo(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Duration timeout) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        Object clientId = clientConfig.get(ProducerConfig.CLIENT_ID_CONFIG);
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                (clientId == null ? "mixnet-directory-publisher" : clientId) + "-read-back");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
