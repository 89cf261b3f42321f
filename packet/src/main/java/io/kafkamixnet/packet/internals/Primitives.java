package io.kafkamixnet.packet.internals;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric primitives of the packet format, on the JDK's hardware-accelerated providers (AES-NI
 * AES/CTR, SHA-NI HmacSHA256). JCA objects are not thread-safe and costly to look up, so each thread
 * keeps its own instances. Not public API.
 */
public final class Primitives {

    public static final int AES256_KEY_LENGTH = 32;
    public static final int AES_BLOCK = 16;
    public static final int HMAC_LENGTH = 32;

    private static final byte[] ZERO_IV = new byte[AES_BLOCK];

    private static final ThreadLocal<Cipher> AES_CTR = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no AES/CTR/NoPadding", e);
        }
    });

    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no HmacSHA256", e);
        }
    });

    private Primitives() {}

    /**
     * XORs {@code len} bytes of {@code buf} at {@code off}, in place, with the AES-256-CTR keystream of
     * the 32-byte key at {@code key[keyOff]} and the 16-byte initial counter block at {@code iv[ivOff]}
     * (big-endian 128-bit counter, incremented per block).
     */
    public static void aesCtrXor(byte[] key, int keyOff, byte[] iv, int ivOff, byte[] buf, int off, int len) {
        Cipher c = AES_CTR.get();
        try {
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, keyOff, AES256_KEY_LENGTH, "AES"),
                    new IvParameterSpec(iv, ivOff, AES_BLOCK));
            int n = c.doFinal(buf, off, len, buf, off);
            if (n != len) {
                throw new IllegalStateException("AES/CTR produced " + n + " bytes for " + len);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
    }

    /** AES-256-CTR with an all-zero initial counter block, as Lioness uses it. */
    public static void aesCtrXorZeroIv(byte[] key, int keyOff, byte[] buf, int off, int len) {
        aesCtrXor(key, keyOff, ZERO_IV, 0, buf, off, len);
    }

    /** HMAC-SHA256(key, data[off..off+len)) into {@code out[outOff..outOff+32)}. */
    public static void hmac(byte[] key, int keyOff, int keyLen, byte[] data, int off, int len, byte[] out, int outOff) {
        Mac m = HMAC_SHA256.get();
        try {
            m.init(new SecretKeySpec(key, keyOff, keyLen, "HmacSHA256"));
            m.update(data, off, len);
            m.doFinal(out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 failed", e);
        }
    }

    /** A thread-confined HMAC-SHA256 instance, already keyed, for several MACs under one key. */
    public static Mac hmacKeyed(byte[] key, int keyOff, int keyLen) {
        Mac m = HMAC_SHA256.get();
        try {
            m.init(new SecretKeySpec(key, keyOff, keyLen, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 init failed", e);
        }
        return m;
    }

    /** Constant-time comparison of two byte ranges of equal length. */
    public static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** True when every byte of the range is zero (constant time in the range length). */
    public static boolean isZero(byte[] a, int off, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc |= a[off + i];
        }
        return acc == 0;
    }
}
