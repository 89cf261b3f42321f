package io.kafkamixnet.topology.internals;

import io.kafkamixnet.keys.PoolStoreKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals values of the mixer's state stores with AES-256-GCM under the mixer-local
 * {@link PoolStoreKey}.
 *
 * <p>Construction: every value is sealed under its own key,
 * {@code K_e = HMAC-SHA256(storeKey, "kafka-mixnet/pool-seal/v1" || purpose || storeKeyOfEntry)},
 * with a random 96-bit nonce, and the purpose byte and the entry's store key as associated data.
 * Every store key is 16 fresh random bytes and is sealed under exactly once, so no GCM key ever
 * sees more than one message and the 2^32-messages-per-key limit of random nonces never applies,
 * however long a mixer runs. The associated data binds a sealed value to its key and purpose: a
 * ciphertext moved to another key, or a release mark presented as an entry, does not open.
 *
 * <p>Sealed value: {@code nonce (12) || ciphertext || tag (16)}.
 *
 * <p>Not thread-safe (holds a Mac and a Cipher): one per stream task.
 */
public final class EntrySealer {

    /** What a sealed value is; part of the key derivation and the associated data. */
    public enum Purpose {
        /** A held packet in the pool store. */
        POOL_ENTRY((byte) 1),
        /** A mark that a pool entry was released but not yet swept (continuous mixing). */
        RELEASE_MARK((byte) 2);

        final byte tag;

        Purpose(byte tag) {
            this.tag = tag;
        }
    }

    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;
    private static final byte[] DOMAIN = "kafka-mixnet/pool-seal/v1".getBytes(StandardCharsets.US_ASCII);

    private final Mac kdf;
    private final Cipher gcm;
    private final SecureRandom random;

    public EntrySealer(PoolStoreKey storeKey, SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        byte[] k = storeKey.bytes();
        try {
            kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(k, "HmacSHA256"));
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and AES/GCM/NoPadding are required of every Java platform", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Seals {@code plaintext} as the value of {@code entryKey}. */
    public byte[] seal(Purpose purpose, byte[] entryKey, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] out = new byte[NONCE_LENGTH + plaintext.length + TAG_LENGTH];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        byte[] k = subkey(purpose, entryKey);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            gcm.updateAAD(new byte[] {purpose.tag});
            gcm.updateAAD(entryKey);
            gcm.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Opens a value sealed by {@link #seal} for {@code entryKey}.
     *
     * @throws SealedValueException if it was sealed under another store key, for another entry key or
     *     purpose, or modified
     */
    public byte[] open(Purpose purpose, byte[] entryKey, byte[] sealed) throws SealedValueException {
        if (sealed == null || sealed.length < OVERHEAD) {
            throw new SealedValueException("expected a sealed value of at least " + OVERHEAD + " bytes, found "
                    + (sealed == null ? "null" : sealed.length + " bytes"));
        }
        byte[] k = subkey(purpose, entryKey);
        try {
            gcm.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(k, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, sealed, 0, NONCE_LENGTH));
            gcm.updateAAD(new byte[] {purpose.tag});
            gcm.updateAAD(entryKey);
            return gcm.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new SealedValueException(
                    "a " + purpose + " did not authenticate: sealed under another pool store key, or modified");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM opening failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private byte[] subkey(Purpose purpose, byte[] entryKey) {
        kdf.update(DOMAIN);
        kdf.update(purpose.tag);
        kdf.update(entryKey);
        return kdf.doFinal();
    }

    /** A sealed value did not open. The message never contains value bytes. */
    public static final class SealedValueException extends Exception {
        private static final long serialVersionUID = 1L;

        public SealedValueException(String message) {
            super(message);
        }
    }
}
