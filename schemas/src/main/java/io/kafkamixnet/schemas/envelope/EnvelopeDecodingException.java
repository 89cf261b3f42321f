package io.kafkamixnet.schemas.envelope;

import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An ingress record value is not an envelope this release accepts. Checked: a reader of an
 * untrusted topic must decide what a bad record becomes (a mixer dead-letters it by
 * {@link #problem()}).
 *
 * <p>Rejecting garbage is routine, not a bug, so the exception records no stack trace (an attacker's
 * flood of bad records should cost little). The message names the problem with expected and found
 * values only; it never contains input bytes, so it is safe to log.
 */
public final class EnvelopeDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which check failed; the names are those of the mixer's rejection reasons. */
    public enum Problem {
        /** Null, empty, or not a {@code PacketEnvelope} of a known writer schema. */
        UNDECODABLE_RECORD,
        /** The envelope names a packet format version other than {@link PacketEnvelopeCodec#FORMAT_VERSION}. */
        UNSUPPORTED_FORMAT_VERSION,
        /** The record is too large to hold a packet, or the packet does not have the packet size. */
        WRONG_SIZE
    }

    private final Problem problem;
    private final Long epoch;
    private final RecordDecodingException.Reason recordReason;

    EnvelopeDecodingException(Problem problem, Long epoch, String detail) {
        this(problem, epoch, null, detail);
    }

    private EnvelopeDecodingException(
            Problem problem, Long epoch, RecordDecodingException.Reason recordReason, String detail) {
        super("PacketEnvelope: " + problem + ": " + detail, null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.epoch = epoch;
        this.recordReason = recordReason;
    }

    static EnvelopeDecodingException undecodable(RecordDecodingException.Reason reason, String detail) {
        return new EnvelopeDecodingException(Problem.UNDECODABLE_RECORD, null, reason, detail);
    }

    /** Which check failed. */
    public Problem problem() {
        return problem;
    }

    /**
     * The envelope's epoch, when the envelope decoded before a later check failed
     * ({@link Problem#UNSUPPORTED_FORMAT_VERSION}, and {@link Problem#WRONG_SIZE} of the packet); empty when
     * nothing was decoded.
     */
    public OptionalLong epoch() {
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** For {@link Problem#UNDECODABLE_RECORD}: why the Avro codec refused the bytes. */
    public Optional<RecordDecodingException.Reason> recordReason() {
        return Optional.ofNullable(recordReason);
    }
}
