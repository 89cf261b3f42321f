package io.kafkamixnet.directory;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A mixer's long-term Ed25519 identity key pair: it signs the mixer's descriptors, and readers trust
 * (or pin) its public key.
 *
 * <p>Security contract: the private key leaves this object only through {@link MixerIdentityFiles#write}
 * (an owner-only file). {@code toString} shows the first bytes of the <em>public</em> key, never
 * private material. Immutable and thread-safe.
 */
public final class MixerIdentity {

    /** Length of the raw Ed25519 private key (the RFC 8032 seed). */
    static final int PRIVATE_KEY_LENGTH = 32;

    private static final byte[] SELF_TEST =
            "kafka-mixnet/identity-self-test/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private MixerIdentity(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh identity from a {@link SecureRandom}. */
    public static MixerIdentity generate() {
        return generate(new SecureRandom());
    }

    /** A fresh identity from {@code random}. */
    public static MixerIdentity generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Ed25519.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new MixerIdentity(pair.getPrivate(), Ed25519.rawPublicKey(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
    }

    /**
     * The identity whose raw private key (32-byte seed) is {@code privateKey} and public key is
     * {@code publicKey}. The pair is checked by signing and verifying a fixed message, since the JDK
     * does not derive the public key from the private one. Arrays are copied, not retained.
     *
     * @throws IllegalArgumentException if a length is wrong or the keys do not belong together
     */
    static MixerIdentity fromRawKeys(byte[] privateKey, byte[] publicKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key has " + PRIVATE_KEY_LENGTH + " bytes, found "
                    + (privateKey == null ? "null" : privateKey.length + " bytes"));
        }
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has " + Ed25519.PUBLIC_KEY_LENGTH
                    + " bytes, found " + (publicKey == null ? "null" : publicKey.length + " bytes"));
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(Ed25519.ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable Ed25519 private key", e);
        }
        MixerIdentity identity = new MixerIdentity(key, publicKey.clone());
        if (!Ed25519.verify(identity.publicKey, SELF_TEST, identity.sign(SELF_TEST))) {
            throw new IllegalArgumentException("the Ed25519 public key does not belong to the private key");
        }
        return identity;
    }

    /** A copy of the raw private key (32-byte seed), for {@link MixerIdentityFiles} only. Zero it after use. */
    byte[] rawPrivateKey() {
        if (privateKey instanceof EdECPrivateKey ed) {
            return ed.getBytes()
                    .orElseThrow(() -> new IllegalStateException("the Ed25519 private key is not extractable"));
        }
        throw new IllegalStateException(
                "expected an EdECPrivateKey, found " + privateKey.getClass().getName());
    }

    /** A copy of the raw 32-byte Ed25519 public key (RFC 8032 encoding). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key as 64 lowercase hex digits, the form trust lists use. */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /** An Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        try {
            Signature signer = Signature.getInstance(Ed25519.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Equal when the public keys are equal (a public key determines its private key). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MixerIdentity m && Arrays.equals(m.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "MixerIdentity[public=" + HexFormat.of().formatHex(publicKey, 0, 4) + "...]";
    }
}
