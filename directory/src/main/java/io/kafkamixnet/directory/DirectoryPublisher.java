package io.kafkamixnet.directory;

import io.kafkamixnet.schemas.SignedDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signed mixer descriptors to the directory topic: record key the mixer id (UTF-8), so
 * compaction keeps the latest descriptor per mixer; value the single-object encoding of a
 * {@link SignedDescriptor}. Each {@link #publish} is synchronous, with {@code acks=all} and an
 * idempotent producer, so when it returns the descriptor is durable.
 *
 * <p>Sequences only go up, also across restarts and clock jumps: before the first publish for a mixer
 * id, the publisher reads the directory topic back (it is compacted and keyed by mixer id, so this is
 * short) and finds the highest sequence of a descriptor of that mixer id signed by the publishing
 * identity. A descriptor whose sequence is not above it is published with that sequence + 1 instead,
 * so a mixer that once ran with a fast clock (and published a sequence from the future) is not
 * {@link Rejection#STALE_SEQUENCE} once its clock is right. Only descriptors that verify under the
 * publisher's own identity count: anyone who can write the topic could otherwise push the sequence to
 * its end. After each publish the broker's append time is compared with the descriptor's date, and a
 * difference beyond {@link DirectoryReader#DEFAULT_CLOCK_TOLERANCE} is logged as a warning (readers
 * would refuse such a descriptor as {@link Rejection#FUTURE_DATED}).
 *
 * <p>The client configuration is any ordinary Kafka producer configuration (bootstrap servers,
 * SASL/SSL, ...); this class sets serializers, {@code acks=all} and idempotence itself and drops a
 * {@code transactional.id}. The read-back uses the same settings as far as a consumer knows them, without a
 * consumer group. Thread-safe (a Kafka producer is; the read-back is synchronized).
 */
public final class DirectoryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPublisher.class);

    /** Longest the read-back of the directory topic may take before the first publish fails. */
    static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Per mixer id and identity (hex): the highest sequence published (read back, then own publishes). */
    private final Map<String, Long> lastSequence = new HashMap<>();

    public DirectoryPublisher(Map<String, Object> clientConfig, String directoryTopic) {
        this.topic = Objects.requireNonNull(directoryTopic, "directoryTopic");
        this.clientConfig = Map.copyOf(Objects.requireNonNull(clientConfig, "clientConfig"));
        Map<String, Object> config = new HashMap<>(clientConfig);
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
     * broker has acknowledged it. The first publish for a mixer id reads the topic back first (see the
     * class documentation) and may raise the sequence.
     *
     * @return the descriptor as published: {@code info}, or {@code info} with a higher sequence when its
     *         own was not above the last one this identity published for the mixer
     * @throws IllegalArgumentException if {@code info} names another identity than {@code identity}
     * @throws DirectoryException if the topic cannot be read back or the record cannot be written (the cause says why)
     */
    public MixerInfo publish(MixerIdentity identity, MixerInfo info) {
        MixerInfo toPublish = continueSequence(identity, info);
        SignedDescriptor signed = DescriptorCodec.sign(identity, toPublish);
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
            synchronized (lastSequence) {
                lastSequence.merge(cacheKey(identity, info.mixerId()), toPublish.sequence(), Math::max);
            }
            LOG.info("Published descriptor of mixer {} (sequence {}, epochs {}) to {}-{}@{}", info.mixerId(), toPublish.sequence(),
                    toPublish.epochKeys().stream().map(EpochPublicKey::epoch).toList(), meta.topic(), meta.partition(), meta.offset());
            warnIfClockDiffers(toPublish, meta);
            return toPublish;
        } catch (ExecutionException e) {
            throw new DirectoryException("cannot publish the descriptor of mixer " + info.mixerId() + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted while publishing the descriptor of mixer " + info.mixerId(), e);
        }
    }

    /**
     * The highest sequence {@code identity} has published for {@code mixerId} on the directory topic, or -1
     * if none: read back from the topic on the first call for a mixer id, then kept up to date by
     * {@link #publish}.
     *
     * @throws DirectoryException if the topic cannot be read back within 60 s
     */
    public long lastPublishedSequence(MixerIdentity identity, String mixerId) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(mixerId, "mixerId");
        synchronized (lastSequence) {
            String cacheKey = cacheKey(identity, mixerId);
            Long known = lastSequence.get(cacheKey);
            if (known == null) {
                known = readBack(identity, mixerId);
                lastSequence.put(cacheKey, known);
            }
            return known;
        }
    }

    private static String cacheKey(MixerIdentity identity, String mixerId) {
        return identity.publicKeyHex() + " " + mixerId;
    }

    private MixerInfo continueSequence(MixerIdentity identity, MixerInfo info) {
        long last = lastPublishedSequence(identity, info.mixerId());
        if (info.sequence() > last) {
            return info;
        }
        if (last == Long.MAX_VALUE) {
            throw new DirectoryException("mixer " + info.mixerId() + ": cannot continue the descriptor sequence, expected a last"
                    + " published sequence below " + Long.MAX_VALUE + ", found " + last, null);
        }
        LOG.info("Mixer {}: sequence {} is not above the last one published ({}, a clock that was ahead?); publishing {}",
                info.mixerId(), info.sequence(), last, last + 1);
        return info.toBuilder().sequence(last + 1).build();
    }

    /** Reads the whole topic once: the highest sequence of a descriptor of {@code mixerId} that verifies under {@code identity}. */
    private long readBack(MixerIdentity identity, String mixerId) {
        byte[] ownKey = identity.publicKey();
        byte[] recordKey = mixerId.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + READ_BACK_TIMEOUT.toNanos();
        long highest = -1;
        int ignored = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readBackConfig())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_BACK_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return -1; // no topic yet: nothing was published (the send will say the topic is missing)
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_BACK_TIMEOUT);
            while (!readUpTo(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new DirectoryException("mixer " + mixerId + ": cannot read the directory topic " + topic
                            + " back within " + READ_BACK_TIMEOUT + " to continue its descriptor sequence", null);
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
        } catch (KafkaException e) {
            throw new DirectoryException("mixer " + mixerId + ": cannot read the directory topic " + topic + " back to continue"
                    + " its descriptor sequence: " + e.getMessage(), e);
        }
        LOG.info("Mixer {}: last descriptor sequence published by this identity on {}: {} ({} other records under its key ignored)",
                mixerId, topic, highest < 0 ? "none" : highest, ignored);
        return highest;
    }

    private static boolean readUpTo(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), READ_BACK_TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> readBackConfig() {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        Object clientId = clientConfig.get(ProducerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, (clientId == null ? "mixnet-directory-publisher" : clientId) + "-read-back");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** On a LogAppendTime topic the broker stamps the record: a descriptor dated far from it comes from a clock that is off. */
    private void warnIfClockDiffers(MixerInfo info, RecordMetadata meta) {
        if (!meta.hasTimestamp() || meta.timestamp() < 0) {
            return;
        }
        long ahead = info.publishedAtMillis() - meta.timestamp();
        if (ahead > DirectoryReader.DEFAULT_CLOCK_TOLERANCE.toMillis()) {
            LOG.warn("Mixer {}: descriptor dated {} ms ahead of the broker's append time; readers refuse descriptors dated more"
                    + " than their clock tolerance (default {}) ahead as FUTURE_DATED. Is this host's clock fast?", info.mixerId(),
                    ahead, DirectoryReader.DEFAULT_CLOCK_TOLERANCE);
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
