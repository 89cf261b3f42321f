package io.kafkamixnet.packet.internals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

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

    private Hkdf() {
    }

    /** PRK = HMAC-SHA256(key = SALT, message = ikm). */
    public static byte[] extract(byte[] ikm, int off, int len) {
        byte[] prk = new byte[Primitives.HMAC_LENGTH];
        Primitives.hmac(SALT, 0, SALT.length, ikm, off, len, prk, 0);
        return prk;
    }

    /** OKM = first {@code length} bytes of T(1) || T(2) || ..., T(i) = HMAC(prk, T(i-1) || info || i). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length <= 0 || length > 255 * Primitives.HMAC_LENGTH) {
            throw new IllegalArgumentException("HKDF-Expand length must be 1.." + 255 * Primitives.HMAC_LENGTH
                    + ", found " + length);
        }
        Mac mac = Primitives.hmacKeyed(prk, 0, prk.length);
        int blocks = (length + Primitives.HMAC_LENGTH - 1) / Primitives.HMAC_LENGTH;
        byte[] okm = new byte[blocks * Primitives.HMAC_LENGTH];
        try {
            for (int i = 0; i < blocks; i++) {
                if (i > 0) {
                    mac.update(okm, (i - 1) * Primitives.HMAC_LENGTH, Primitives.HMAC_LENGTH);
                }
                mac.update(info);
                mac.update((byte) (i + 1));
                mac.doFinal(okm, i * Primitives.HMAC_LENGTH);
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
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
