package io.kafkamixnet.topology;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.envelope.DecodedEnvelope;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import io.kafkamixnet.topology.internals.ReplayTags;
import io.kafkamixnet.topology.release.ReleasePolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Decides whether one ingress record is held: every check of the package documentation's "one
 * packet" list, in that order, then the replay check. Never throws on bad input: a refusal is an
 * {@link Outcome.Rejected} with its {@link RejectionReason}.
 *
 * <p>Every check before the replay check is stateless, cheapest first; the replay check comes last
 * so that only a packet about to be held spends a slot in the replay store, and nothing changes
 * state for a refused packet. One per stream task (it shares the task's replay tags).
 */
final class Intake {

    private final MixerConfig config;
    private final Geometry geometry;
    private final Sphinx sphinx;
    private final EpochKeyRing keyring;
    private final IntSupplier ingressPartitions;
    private final Sinks sinks;
    private final ReleasePolicy policy;
    private final ReplayTags replayTags;
    private final PacketEnvelopeCodec envelopes;
    /** Unwraps computed ahead on other cores; null: every unwrap runs here. */
    private final UnwrapAhead ahead;

    Intake(
            MixerConfig config,
            Sphinx sphinx,
            EpochKeyRing keyring,
            IntSupplier ingressPartitions,
            Sinks sinks,
            ReleasePolicy policy,
            ReplayTags replayTags,
            UnwrapAhead ahead) {
        this.config = Objects.requireNonNull(config, "config");
        this.geometry = config.geometry();
        this.envelopes = PacketEnvelopeCodec.forPacketSize(geometry.packetSize());
        this.sphinx = Objects.requireNonNull(sphinx, "sphinx");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.ingressPartitions = Objects.requireNonNull(ingressPartitions, "ingressPartitions");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.replayTags = Objects.requireNonNull(replayTags, "replayTags");
        this.ahead = ahead;
    }

    /** What became of one ingress record. */
    sealed interface Outcome {
        /** Refused; {@code epoch} is the envelope's claimed epoch, null if it was not decoded. */
        record Rejected(RejectionReason reason, Long epoch) implements Outcome {}

        /** To be held: peeled, checked, its replay tag recorded. */
        record Accepted(long epoch, UnwrapResult.Processed processed) implements Outcome {}
    }

    /**
     * Checks {@code value}, which arrived on ingress partition {@code partition} at {@code offset} at
     * {@code nowMillis}; records its replay tag if (and only if) it is accepted.
     */
    Outcome admit(byte[] value, int partition, long offset, long nowMillis) {
        Outcome outcome = check(value, partition, offset, nowMillis);
        if (outcome instanceof Outcome.Accepted a
                && !replayTags.recordIfNew(a.epoch(), a.processed().replayTag())) {
            return new Outcome.Rejected(RejectionReason.REPLAY, a.epoch());
        }
        return outcome;
    }

    /** Every check that needs no state, in order of cost. */
    private Outcome check(byte[] value, int partition, long offset, long now) {
        // The codec runs the cheapest checks first: emptiness and a size bound before any decoding.
        DecodedEnvelope envelope;
        try {
            envelope = envelopes.decode(value);
        } catch (EnvelopeDecodingException e) {
            Long claimedEpoch = e.epoch().isPresent() ? e.epoch().getAsLong() : null;
            return new Outcome.Rejected(RejectionReason.of(e.problem()), claimedEpoch);
        }
        long epoch = envelope.epoch();
        byte[] packet = envelope.packet();
        if (config.partitionBinding()) {
            int partitions = ingressPartitions.getAsInt();
            if (partitions > 0 && partition != PartitionBinding.partitionFor(packet, partitions)) {
                return new Outcome.Rejected(RejectionReason.WRONG_PARTITION, epoch);
            }
        }
        // keyFor answers from memory and only for epochs the schedule accepts now (previous within
        // its grace, current, next): a packet of a retired epoch finds no key even before its key
        // file is purged.
        Optional<MixPrivateKey> key = keyring.keyFor(epoch, now);
        if (key.isEmpty()) {
            return new Outcome.Rejected(RejectionReason.UNKNOWN_EPOCH, epoch);
        }
        UnwrapResult result;
        try {
            UnwrapResult computed = ahead == null ? null : ahead.take(partition, offset, key.get(), packet);
            result = computed != null ? computed : sphinx.unwrap(key.get(), packet);
        } catch (IllegalStateException retiredMeanwhile) {
            return new Outcome.Rejected(RejectionReason.UNKNOWN_EPOCH, epoch);
        }
        if (result instanceof UnwrapResult.Rejected r) {
            return new Outcome.Rejected(RejectionReason.of(r.reason()), epoch);
        }
        UnwrapResult.Processed processed = (UnwrapResult.Processed) result;
        RejectionReason refused = checkCommand(processed.instruction());
        if (refused != null) {
            return new Outcome.Rejected(refused, epoch);
        }
        return new Outcome.Accepted(epoch, processed);
    }

    /** The operator's configuration, not the packet, decides where anything can go; null if allowed. */
    private RejectionReason checkCommand(HopInstruction instruction) {
        RoutingCommand command = instruction.command();
        if (command instanceof RoutingCommand.Relay relay) {
            if (!sinks.nextHopSinks().containsKey(relay.mixerId())) {
                return RejectionReason.UNKNOWN_NEXT_HOP;
            }
        } else if (command instanceof RoutingCommand.Exit exit) {
            if (config.role() != MixerRole.FORWARD) {
                return RejectionReason.COMMAND_NOT_ALLOWED;
            }
            if (!sinks.exitSinks().containsKey(exit.service())) {
                return RejectionReason.UNKNOWN_SERVICE;
            }
        } else if (command instanceof RoutingCommand.DeliverReply) {
            if (config.role() != MixerRole.RESPONSE) {
                return RejectionReason.COMMAND_NOT_ALLOWED;
            }
        }
        if (!policy.admitsDelay(instruction.delayMillis())) {
            return RejectionReason.DELAY_TOO_LONG;
        }
        return null;
    }
}
