package io.kafkamixnet.directory;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032, pure mode) with the JDK's "Ed25519" provider, and the raw 32-byte public key
 * encoding the directory uses.
 *
 * <p>The JDK speaks X.509 {@code SubjectPublicKeyInfo} for public keys. For Ed25519 that encoding is
 * always 44 bytes: the fixed 12-byte DER prefix {@code 30 2a 30 05 06 03 2b 65 70 03 21 00}
 * (SEQUENCE, AlgorithmIdentifier with OID 1.3.101.112, BIT STRING of 33 bytes with 0 unused bits)
 * followed by the 32-byte RFC 8032 public key. So the raw key is the last 32 bytes, and a raw key
 * becomes a JDK key by prepending the prefix (RFC 8410, section 4).
 */
final class Ed25519 {

    static final String ALGORITHM = "Ed25519";
    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {}

    /** The raw 32-byte key inside a JDK Ed25519 public key. */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] x509 = key.getEncoded();
        if (x509 == null
                || x509.length != X509_PREFIX.length + PUBLIC_KEY_LENGTH
                || !Arrays.equals(x509, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("expected an X.509-encoded Ed25519 public key of 44 bytes, found "
                    + (x509 == null ? "no encoding" : x509.length + " bytes with algorithm " + key.getAlgorithm()));
        }
        return Arrays.copyOfRange(x509, X509_PREFIX.length, x509.length);
    }

    /** A JDK public key from the raw 32 bytes. */
    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw == null || raw.length != PUBLIC_KEY_LENGTH) {
            throw new InvalidKeyException("an Ed25519 public key has " + PUBLIC_KEY_LENGTH + " bytes, found "
                    + (raw == null ? "null" : raw.length + " bytes"));
        }
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_LENGTH);
        System.arraycopy(raw, 0, x509, X509_PREFIX.length, PUBLIC_KEY_LENGTH);
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message} by the raw key
     * {@code publicKey}. Never throws on bad input: a malformed key or signature is simply invalid.
     */
    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || publicKey.length != PUBLIC_KEY_LENGTH
                || signature == null
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Points that do not decode and other malformed input: not a valid signature.
            return false;
        }
    }
}
