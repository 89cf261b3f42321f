package io.kafkamixnet.directory;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
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
 * <p>Sequences only go up, also across restarts and clock jumps: before the first publish for a mixer
 * id, the publisher reads the directory topic back (it is compacted and keyed by mixer id, so this is
 * short) and finds the highest sequence of a descriptor of that mixer id signed by the publishing
 * identity. A descriptor whose sequence is not above it is published with that sequence + 1 instead,
 * so a mixer that once ran with a fast clock (and published a sequence from the future) is not
 * {@link Rejection#STALE_SEQUENCE} once its clock is right. The read-back is a start-up step: it waits
 * out transient cluster errors (a broker still starting, no leader yet, a timeout) with the publisher's
 * {@link StartupRetry}, and fails at once on errors waiting cannot fix. Only descriptors that verify under the
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

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final StartupRetry readBackRetry;
    /** Per mixer id and identity (hex): the highest sequence published (read back, then own publishes). */
    private final Map<String, Long> lastSequence = new HashMap<>();

    /** A publisher whose read-back retries per {@link StartupRetry#defaults()} (60 s). */
    public DirectoryPublisher(Map<String, Object> clientConfig, String directoryTopic) {
        this(clientConfig, directoryTopic, StartupRetry.defaults());
    }

    /**
     * A publisher whose read-back of the directory topic (before the first publish for a mixer id) retries
     * what {@code readBackRetry} retries, for as long as it allows.
     */
    public DirectoryPublisher(Map<String, Object> clientConfig, String directoryTopic, StartupRetry readBackRetry) {
        this.readBackRetry = Objects.requireNonNull(readBackRetry, "readBackRetry");
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
            throw new IllegalStateException(
                    "mixer " + info.mixerId() + ": own descriptor does not verify: " + e.getMessage());
        }
        byte[] value = DescriptorCodec.encode(signed);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, info.mixerId().getBytes(StandardCharsets.UTF_8), value);
        try {
            RecordMetadata meta = producer.send(record).get();
            synchronized (lastSequence) {
                lastSequence.merge(cacheKey(identity, info.mixerId()), toPublish.sequence(), Math::max);
            }
            LOG.info(
                    "Published descriptor of mixer {} (sequence {}, epochs {}) to {}-{}@{}",
                    info.mixerId(),
                    toPublish.sequence(),
                    toPublish.epochKeys().stream().map(EpochPublicKey::epoch).toList(),
                    meta.topic(),
                    meta.partition(),
                    meta.offset());
            warnIfClockDiffers(toPublish, meta);
            return toPublish;
        } catch (ExecutionException e) {
            throw new DirectoryException(
                    "cannot publish the descriptor of mixer " + info.mixerId() + " to " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
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
     * @throws DirectoryException if the topic cannot be read back: an error waiting cannot fix, or
     *     transient errors until the read-back retry's timeout (the message names both, the cause is the
     *     last error)
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

    private long readBack(MixerIdentity identity, String mixerId) {
        SequenceReadBack readBack = new SequenceReadBack(clientConfig, topic);
        try {
            return readBackRetry.call(
                    "read the directory topic '" + topic + "' back to continue the descriptor sequence of mixer "
                            + mixerId,
                    "the topic's partitions and end offsets to be readable by this principal",
                    left -> readBack.highestSequence(identity, mixerId, left));
        } catch (StartupException e) {
            throw new DirectoryException("mixer " + mixerId + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DirectoryException(
                    "mixer " + mixerId + ": cannot read the directory topic '" + topic + "' back to continue its"
                            + " descriptor sequence (not retried: waiting cannot fix it): " + e,
                    e);
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
            throw new DirectoryException(
                    "mixer " + info.mixerId() + ": cannot continue the descriptor sequence, expected a last"
                            + " published sequence below " + Long.MAX_VALUE + ", found " + last,
                    null);
        }
        LOG.info(
                "Mixer {}: sequence {} is not above the last one published ({}, a clock that was ahead?); publishing {}",
                info.mixerId(),
                info.sequence(),
                last,
                last + 1);
        return info.toBuilder().sequence(last + 1).build();
    }

    /** On a LogAppendTime topic the broker stamps the record: a descriptor dated far from it comes from a clock that is off. */
    private void warnIfClockDiffers(MixerInfo info, RecordMetadata meta) {
        if (!meta.hasTimestamp() || meta.timestamp() < 0) {
            return;
        }
        long ahead = info.publishedAtMillis() - meta.timestamp();
        if (ahead > DirectoryReader.DEFAULT_CLOCK_TOLERANCE.toMillis()) {
            LOG.warn(
                    "Mixer {}: descriptor dated {} ms ahead of the broker's append time; readers refuse descriptors dated more"
                            + " than their clock tolerance (default {}) ahead as FUTURE_DATED. Is this host's clock fast?",
                    info.mixerId(),
                    ahead,
                    DirectoryReader.DEFAULT_CLOCK_TOLERANCE);
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
