package io.kafkamixnet.packet.internals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HKDF-SHA256 (RFC 5869) with the packet format's fixed salt and labels. Not public API.
 */
public final class Hkdf {

    /** HKDF-Extract salt for every key derivation of the format. */
    public static final byte[] SALT = ascii("kafka-mixnet/sphinx/v1");

    public static final byte[] LABEL_HEADER_MAC = ascii("kafka-mixnet/sphinx/v1/header-mac");
    public static final byte[] LABEL_HEADER_STREAM = ascii("kafka-mixnet/sphinx/v1/header-stream");
    public static final byte[] LABEL_PAYLOAD = ascii("kafka-mixnet/sphinx/v1/payload-lioness");
    public static final byte[] LABEL_BLINDING = ascii("kafka-mixnet/sphinx/v1/blinding");
    public static final byte[] LABEL_REPLAY_TAG = ascii("kafka-mixnet/sphinx/v1/replay-tag");
    public static final byte[] LABEL_SURB_PAYLOAD = ascii("kafka-mixnet/sphinx/v1/surb-payload-lioness");

    /** The salt is constant: its pads are hashed once per thread. */
    private static final ThreadLocal<PrimedHmac> SALTED =
            ThreadLocal.withInitial(() -> new PrimedHmac(SALT, 0, SALT.length));

    private Hkdf() {}

    /** PRK = HMAC-SHA256(key = SALT, message = ikm). */
    public static byte[] extract(byte[] ikm, int off, int len) {
        byte[] prk = new byte[Primitives.HMAC_LENGTH];
        SALTED.get().mac(ikm, off, len, prk, 0);
        return prk;
    }

    /** OKM = first {@code length} bytes of T(1) || T(2) || ..., T(i) = HMAC(prk, T(i-1) || info || i). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        return expand(new PrimedHmac(prk, 0, prk.length), info, length);
    }

    /** HKDF-Expand with the PRK already primed (several labels under one PRK). */
    public static byte[] expand(PrimedHmac prk, byte[] info, int length) {
        if (length <= 0 || length > 255 * Primitives.HMAC_LENGTH) {
            throw new IllegalArgumentException(
                    "HKDF-Expand length must be 1.." + 255 * Primitives.HMAC_LENGTH + ", found " + length);
        }
        int blocks = (length + Primitives.HMAC_LENGTH - 1) / Primitives.HMAC_LENGTH;
        byte[] okm = new byte[blocks * Primitives.HMAC_LENGTH];
        for (int i = 0; i < blocks; i++) {
            MessageDigest d = prk.start();
            if (i > 0) {
                d.update(okm, (i - 1) * Primitives.HMAC_LENGTH, Primitives.HMAC_LENGTH);
            }
            d.update(info);
            d.update((byte) (i + 1));
            prk.finish(d, okm, i * Primitives.HMAC_LENGTH);
        }
        if (okm.length == length) {
            return okm;
        }
        byte[] out = Arrays.copyOf(okm, length);
        Arrays.fill(okm, (byte) 0);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
