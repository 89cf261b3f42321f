package io.kafkamixnet.packet.internals;

/**
 * Lioness (Anderson and Biham, 1996), the wide-block cipher (SPRP) over the Sphinx payload, built on
 * AES-256-CTR as the stream cipher and HMAC-SHA256 as the keyed hash:
 *
 * <pre>
 *   block = L (32 bytes) || R (rest);  key = K1 || K2 || K3 || K4 (32 bytes each)
 *   encrypt: R ^= S(L ^ K1); L ^= H(K2, R); R ^= S(L ^ K3); L ^= H(K4, R)
 *   decrypt: L ^= H(K4, R); R ^= S(L ^ K3); L ^= H(K2, R); R ^= S(L ^ K1)
 *   S(k) = AES-256-CTR keystream of key k, zero initial counter block; H = HMAC-SHA256
 * </pre>
 *
 * Any change to the ciphertext changes the whole decrypted block unpredictably, so the zero prefix
 * checked at the exit catches tagging. Works in place. Not public API.
 */
public final class Lioness {

    public static final int KEY_LENGTH = 128;
    public static final int LEFT = 32;
    public static final int MIN_BLOCK = LEFT + 1;

    private Lioness() {}

    public static void encrypt(byte[] key, byte[] block, int off, int len) {
        check(key, len);
        byte[] t = new byte[LEFT];
        byte[] h = new byte[LEFT];
        int rOff = off + LEFT;
        int rLen = len - LEFT;
        streamRound(key, 0, block, off, rOff, rLen, t);
        hashRound(key, 32, block, off, rOff, rLen, h);
        streamRound(key, 64, block, off, rOff, rLen, t);
        hashRound(key, 96, block, off, rOff, rLen, h);
    }

    public static void decrypt(byte[] key, byte[] block, int off, int len) {
        check(key, len);
        byte[] t = new byte[LEFT];
        byte[] h = new byte[LEFT];
        int rOff = off + LEFT;
        int rLen = len - LEFT;
        hashRound(key, 96, block, off, rOff, rLen, h);
        streamRound(key, 64, block, off, rOff, rLen, t);
        hashRound(key, 32, block, off, rOff, rLen, h);
        streamRound(key, 0, block, off, rOff, rLen, t);
    }

    /** R ^= AES-256-CTR(L ^ K, zero IV). */
    private static void streamRound(byte[] key, int kOff, byte[] block, int lOff, int rOff, int rLen, byte[] t) {
        for (int i = 0; i < LEFT; i++) {
            t[i] = (byte) (block[lOff + i] ^ key[kOff + i]);
        }
        Primitives.aesCtrXorZeroIv(t, 0, block, rOff, rLen);
    }

    /** L ^= HMAC-SHA256(K, R). */
    private static void hashRound(byte[] key, int kOff, byte[] block, int lOff, int rOff, int rLen, byte[] h) {
        Primitives.hmac(key, kOff, 32, block, rOff, rLen, h, 0);
        for (int i = 0; i < LEFT; i++) {
            block[lOff + i] ^= h[i];
        }
    }

    private static void check(byte[] key, int len) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Lioness key must be " + KEY_LENGTH + " bytes, found " + key.length);
        }
        if (len < MIN_BLOCK) {
            throw new IllegalArgumentException("Lioness block must be at least " + MIN_BLOCK + " bytes, found " + len);
        }
    }
}
