package io.kafkamixnet.directory;

/** Why a directory record was ignored. Counted by {@link DirectoryReader#rejectedCounts()} by name. */
public enum Rejection {
    /** No signature: a null (tombstone) value, or an empty signature or identity field. */
    UNSIGNED,
    /** The signature does not verify with the identity key the record names. */
    BAD_SIGNATURE,
    /** Correctly signed, but by an identity the reader's trust policy does not accept for this mixer id. */
    UNTRUSTED,
    /** Correctly signed and trusted, but its sequence is not higher than the last accepted for the mixer. */
    STALE_SEQUENCE,
    /**
     * Correctly signed and trusted, but dated ({@code publishedAtMillis}) further ahead than the reader's
     * clock tolerance: of the reader's clock, or of the broker's append time when the topic records it.
     * Refused rather than accepted so that a signer whose clock ran fast cannot push the mixer's
     * sequence (which follows its clock) beyond what it will publish once its clock is right.
     */
    FUTURE_DATED,
    /**
     * Not a well-formed descriptor: undecodable bytes, a field out of range, an inner identity that
     * differs from the signing one, or a record key that is not the descriptor's mixer id.
     */
    MALFORMED
}
