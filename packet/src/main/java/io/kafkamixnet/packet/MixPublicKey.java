package io.kafkamixnet.packet;

import io.kafkamixnet.packet.internals.X25519Ops;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A mixer's X25519 public key for one epoch. Immutable. Public keys are published in the directory,
 * so {@code toString} shows the epoch and a short fingerprint.
 */
public final class MixPublicKey {

    public static final int LENGTH = 32;

    private final long epoch;
    private final byte[] bytes;

    private MixPublicKey(long epoch, byte[] bytes) {
        this.epoch = epoch;
        this.bytes = bytes;
    }

    /** The key of {@code epoch} from its 32-byte X25519 encoding (RFC 7748, little-endian u). */
    public static MixPublicKey fromBytes(long epoch, byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an X25519 public key has " + LENGTH + " bytes, found "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return new MixPublicKey(epoch, bytes.clone());
    }

    /**
     * Whether a packet can be built through this key: its 32 bytes are the canonical encoding of a field
     * element (top bit clear, u &lt; 2^255 - 19) and not a point of small order (all zeros, 1, and the
     * other points of order dividing 8 on the curve or 4 on its twist). With a small-order key every
     * shared secret is all zeros: {@link Sphinx} refuses to build a packet through one, and a directory
     * must refuse to announce one. {@link #fromBytes} accepts any 32 bytes, so callers that take keys
     * from outside check this before use.
     */
    public boolean isUsable() {
        return X25519Ops.isCanonical(bytes) && !X25519Ops.isSmallOrder(bytes);
    }

    public long epoch() {
        return epoch;
    }

    /** A copy of the 32-byte encoding. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The internal array, for the packet code only: never modified. */
    byte[] rawBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixPublicKey k && k.epoch == epoch && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MixPublicKey[epoch=" + epoch + ", key=" + HexFormat.of().formatHex(bytes, 0, 4) + "...]";
    }
}
