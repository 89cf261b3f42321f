package io.kafkamixnet.packet;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A mixer's X25519 private key for one epoch.
 *
 * <p>Security contract: the key material never leaves this object except through {@link #toBytes()},
 * which the keys module's {@code MixKeyFiles} uses to write it to an owner-only file; {@code toString}
 * shows only the epoch and the public key fingerprint. {@link #destroy()} zeroes the key; any later use throws
 * {@link IllegalStateException}. Thread-safe for concurrent unwraps.
 */
public final class MixPrivateKey implements Destroyable {

    public static final int LENGTH = 32;

    private final long epoch;
    private final byte[] scalar;
    private final MixPublicKey publicKey;
    private volatile boolean destroyed;

    private MixPrivateKey(long epoch, byte[] scalar) {
        this.epoch = epoch;
        this.scalar = scalar;
        byte[] pub = new byte[MixPublicKey.LENGTH];
        X25519.scalarMultBase(scalar, 0, pub, 0);
        this.publicKey = MixPublicKey.fromBytes(epoch, pub);
    }

    /** A fresh key for {@code epoch}. */
    public static MixPrivateKey generate(long epoch, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] k = new byte[LENGTH];
        X25519.generatePrivateKey(random, k);
        return new MixPrivateKey(epoch, k);
    }

    /**
     * The key of {@code epoch} from its 32-byte X25519 encoding (RFC 7748; it is clamped when used, and
     * stored clamped). The input array is copied, not retained; the caller should zero it.
     */
    public static MixPrivateKey fromBytes(long epoch, byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an X25519 private key has " + LENGTH + " bytes, found "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        byte[] k = bytes.clone();
        k[0] &= (byte) 0xF8;
        k[31] &= (byte) 0x7F;
        k[31] |= (byte) 0x40;
        return new MixPrivateKey(epoch, k);
    }

    public long epoch() {
        return epoch;
    }

    public MixPublicKey publicKey() {
        checkNotDestroyed();
        return publicKey;
    }

    /** A copy of the 32-byte private scalar, for persistence. The caller must zero it after use. */
    public byte[] toBytes() {
        checkNotDestroyed();
        return scalar.clone();
    }

    /** X25519(this, u) into {@code out}; for the packet code only. */
    void agree(byte[] u, int uOff, byte[] out, int outOff) {
        checkNotDestroyed();
        X25519.scalarMult(scalar, 0, u, uOff, out, outOff);
    }

    /** Zeroes the private scalar. Idempotent. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(scalar, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("this MixPrivateKey (epoch " + epoch + ") has been destroyed");
        }
    }

    @Override
    public String toString() {
        return "MixPrivateKey[epoch=" + epoch + ", public=" + publicKey + (destroyed ? ", destroyed" : "") + "]";
    }
}
