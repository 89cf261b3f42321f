package io.kafkamixnet.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A mixer's Ed25519 identity key pair as raw bytes (RFC 8032): the 32-byte private key (the seed) and
 * the 32-byte public key. The form the identity file holds; the directory module's {@code MixerIdentity}
 * signs with it.
 *
 * <p>Security contract: the private key leaves this object only through {@link #privateKey()} (a copy
 * the caller must zero); {@code toString} shows the first bytes of the <em>public</em> key only;
 * {@link #destroy()} zeroes the private key.
 */
public final class IdentityKeyPair implements Destroyable {

    /** Length of the raw Ed25519 private key (the RFC 8032 seed). */
    public static final int PRIVATE_KEY_LENGTH = Ed25519.SECRET_KEY_SIZE;
    /** Length of the raw Ed25519 public key. */
    public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;

    private final byte[] privateKey;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    private IdentityKeyPair(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * A fresh key pair from {@code random}. The seed is 32 bytes of {@code random}, as with the JDK's
     * Ed25519 key pair generator, so both make the same pair from the same random bytes.
     */
    public static IdentityKeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] seed = new byte[PRIVATE_KEY_LENGTH];
        Ed25519.generatePrivateKey(random, seed);
        byte[] pub = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        return new IdentityKeyPair(seed, pub);
    }

    /**
     * The pair of raw private key {@code privateKey} and public key {@code publicKey}, checked to belong
     * together (the public key is derived from the private one and compared). Arrays are copied, not
     * retained.
     *
     * @throws IllegalArgumentException if a length is wrong or the keys do not belong together
     */
    public static IdentityKeyPair fromRawKeys(byte[] privateKey, byte[] publicKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key has " + PRIVATE_KEY_LENGTH + " bytes, found "
                    + (privateKey == null ? "null" : privateKey.length + " bytes"));
        }
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has " + PUBLIC_KEY_LENGTH + " bytes, found "
                    + (publicKey == null ? "null" : publicKey.length + " bytes"));
        }
        byte[] derived = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(privateKey, 0, derived, 0);
        if (!Arrays.equals(derived, publicKey)) {
            throw new IllegalArgumentException("the Ed25519 public key does not belong to the private key");
        }
        return new IdentityKeyPair(privateKey.clone(), derived);
    }

    /** A copy of the raw private key (32-byte seed). The caller must zero it after use. */
    public byte[] privateKey() {
        if (destroyed) {
            throw new IllegalStateException("this IdentityKeyPair has been destroyed");
        }
        return privateKey.clone();
    }

    /** A copy of the raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as 64 lowercase hex digits, the form trust lists use. */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "IdentityKeyPair[public=" + HexFormat.of().formatHex(publicKey, 0, 4) + "..."
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
