package io.kafkamixnet.topology;

import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.RejectReason;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException;

/**
 * Why a mixer refused an ingress record. The name is the dead-letter {@code reason} and the metric
 * tag; none of them carries packet content.
 */
public enum RejectionReason {
    /** The record value is not a decodable {@code PacketEnvelope} (garbage, truncated, unknown schema). */
    UNDECODABLE_RECORD,
    /** The envelope names a packet format version this mixer does not implement. */
    UNSUPPORTED_FORMAT_VERSION,
    /** The packet does not have the configured geometry's size. */
    WRONG_SIZE,
    /**
     * The packet arrived on another partition than the one its group element binds it to (see
     * {@link PartitionBinding}); without this rule a replay sent to another partition would reach a
     * stream task whose replay store has not seen it.
     */
    WRONG_PARTITION,
    /** The envelope's epoch is not accepted now, or this mixer has no key for it. */
    UNKNOWN_EPOCH,
    /** The header MAC does not verify under the epoch's key (modified, misrouted or garbage). */
    BAD_MAC,
    /** The MAC verified but the routing command cannot be parsed. */
    MALFORMED_COMMAND,
    /** At the exit, the payload failed its integrity check (tagging attack or corruption). */
    BAD_PAYLOAD,
    /** The packet's replay tag was already seen under this epoch's key. */
    REPLAY,
    /** A Relay command names a mixer that is not among the configured next hops. */
    UNKNOWN_NEXT_HOP,
    /** An Exit command names a service that is not configured: a packet never chooses a topic. */
    UNKNOWN_SERVICE,
    /** The command is not one this mixer's role obeys (DeliverReply at a forward mixer, Exit at a response mixer). */
    COMMAND_NOT_ALLOWED,
    /** A continuous mixer was asked to hold a packet longer than its configured maximum delay. */
    DELAY_TOO_LONG;

    /** The rejection reason for an envelope the wire codec ({@code PacketEnvelopeCodec}) refused. */
    public static RejectionReason of(EnvelopeDecodingException.Problem envelopeProblem) {
        return switch (envelopeProblem) {
            case UNDECODABLE_RECORD -> UNDECODABLE_RECORD;
            case UNSUPPORTED_FORMAT_VERSION -> UNSUPPORTED_FORMAT_VERSION;
            case WRONG_SIZE -> WRONG_SIZE;
        };
    }

    /** The mixer's reason for a rejection reported by the packet layer ({@code Sphinx.unwrap}). */
    public static RejectionReason of(RejectReason packetReason) {
        return switch (packetReason) {
            case WRONG_SIZE -> WRONG_SIZE;
            case BAD_MAC -> BAD_MAC;
            case MALFORMED_COMMAND -> MALFORMED_COMMAND;
            case BAD_PAYLOAD -> BAD_PAYLOAD;
        };
    }
}
