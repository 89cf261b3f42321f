package io.kafkamixnet.topology;

import io.kafkamixnet.schemas.DeadLetter;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts for one refused ingress record: counts it by reason, logs it at debug by source
 * coordinates, and builds its {@link DeadLetter} (reason, mixer id, claimed epoch, time, source
 * coordinates). Never packet bytes, in the letter or the log.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final String mixerId;
    private final MixerMetrics metrics;

    DeadLetters(String mixerId, MixerMetrics metrics) {
        this.mixerId = Objects.requireNonNull(mixerId, "mixerId");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The letter for a record from {@code source} refused at {@code nowMillis}; {@code epoch} null if never decoded. */
    DeadLetter letter(RejectionReason reason, Long epoch, RecordMetadata source, long nowMillis) {
        metrics.rejected(reason);
        LOG.debug("Rejected {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        return DeadLetter.newBuilder()
                .setReason(reason.name())
                .setMixerId(mixerId)
                .setEpoch(epoch)
                .setRejectedAtMillis(nowMillis)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .build();
    }
}
