package io.kafkamixnet.packet.internals;

import java.util.Arrays;

/**
 * The keys of one hop, all derived from its X25519 shared secret s:
 * {@code prk = HKDF-Extract(SALT, s)}, then one HKDF-Expand per purpose with its own label, so that
 * no key is ever used for two purposes. Derivation is lazy: a hop that rejects a packet at the MAC
 * derives nothing else. Not public API; single-threaded use.
 */
public final class HopKeys {

    public static final int HEADER_STREAM_LENGTH = Primitives.AES256_KEY_LENGTH + Primitives.AES_BLOCK;

    private final byte[] prk;
    private final PrimedHmac primed;

    private HopKeys(byte[] prk) {
        this.prk = prk;
        this.primed = new PrimedHmac(prk, 0, prk.length);
    }

    public static HopKeys fromSharedSecret(byte[] sharedSecret) {
        return new HopKeys(Hkdf.extract(sharedSecret, 0, sharedSecret.length));
    }

    /** 32-byte HMAC-SHA256 key for the header MAC (gamma). */
    public byte[] headerMacKey() {
        return Hkdf.expand(primed, Hkdf.LABEL_HEADER_MAC, Primitives.HMAC_LENGTH);
    }

    /** 48 bytes: AES-256 key (32) then initial counter block (16) of the routing-information stream. */
    public byte[] headerStream() {
        return Hkdf.expand(primed, Hkdf.LABEL_HEADER_STREAM, HEADER_STREAM_LENGTH);
    }

    /** 128-byte Lioness key for this hop's payload layer. */
    public byte[] payloadKey() {
        return Hkdf.expand(primed, Hkdf.LABEL_PAYLOAD, Lioness.KEY_LENGTH);
    }

    /** The blinding scalar: 32 bytes of HKDF output, clamped as an X25519 scalar (RFC 7748). */
    public byte[] blindingScalar() {
        byte[] b = Hkdf.expand(primed, Hkdf.LABEL_BLINDING, 32);
        X25519Ops.clamp(b);
        return b;
    }

    /** 32-byte replay tag: equal for the same packet at the same key, unrelated otherwise. */
    public byte[] replayTag() {
        return Hkdf.expand(primed, Hkdf.LABEL_REPLAY_TAG, 32);
    }

    /** XORs {@code buf[off..off+len)} in place with the routing-information keystream. */
    public static void headerStreamXor(byte[] headerStream, byte[] buf, int off, int len) {
        Primitives.aesCtrXor(headerStream, 0, headerStream, Primitives.AES256_KEY_LENGTH, buf, off, len);
    }

    public void destroy() {
        Arrays.fill(prk, (byte) 0);
        primed.destroy();
    }
}
