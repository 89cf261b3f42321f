package io.kafkamixnet.schemas.codec;

import java.util.Objects;

/**
 * An encoded record could not be decoded. Unchecked so that it can cross a Kafka
 * {@code Deserializer}; callers that read untrusted topics (every mixer) must catch it, count it by
 * {@link #reason()} and dead-letter the record rather than crash or stall.
 *
 * <p>Security contract: the message names the record type, the reason, lengths, offsets and schema
 * fingerprints only. It never contains bytes of the input, so it is safe to log.
 */
public final class RecordDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed; stable names, suitable as a metric tag or dead-letter reason. */
    public enum Reason {
        /** The input was null or had no bytes. */
        EMPTY,
        /** The input ended before the header or the record body was complete. */
        TRUNCATED,
        /** The input does not start with the single-object marker {@code C3 01}. */
        BAD_MARKER,
        /** The header names a writer schema this codec does not know. */
        UNKNOWN_FINGERPRINT,
        /** The body does not decode with the writer schema the header names. */
        MALFORMED,
        /** The body decoded but bytes were left over after it. */
        TRAILING_BYTES
    }

    private final Reason reason;
    private final String recordName;

    RecordDecodingException(Reason reason, String recordName, String detail) {
        super(recordName + ": " + reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.recordName = Objects.requireNonNull(recordName, "recordName");
    }

    /** Why decoding failed. */
    public Reason reason() {
        return reason;
    }

    /** Full name of the record type the codec expected, e.g. {@code io.kafkamixnet.schemas.PacketEnvelope}. */
    public String recordName() {
        return recordName;
    }
}
