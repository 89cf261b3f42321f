package io.kafkamixnet.packet.internals;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) on the JDK's SHA-256 {@link MessageDigest}, with the key's inner and outer
 * pad blocks hashed once and the digest state cloned for each MAC. Key derivation computes up to ten
 * short MACs under one key per hop; priming saves two of the four compression calls of each. Produces
 * exactly the bytes of {@code Mac.getInstance("HmacSHA256")}. Single-threaded use. Not public API.
 */
public final class PrimedHmac {

    private static final int BLOCK = 64;

    /** Looking a digest up in the providers costs more than hashing a block: clone a fresh one instead. */
    private static final ThreadLocal<MessageDigest> PROTOTYPE = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no SHA-256", e);
        }
    });

    private final MessageDigest inner;
    private final MessageDigest outer;

    public PrimedHmac(byte[] key, int off, int len) {
        if (len > BLOCK) {
            throw new IllegalArgumentException("keys longer than " + BLOCK + " bytes are not used here, found " + len);
        }
        inner = freshSha256();
        outer = freshSha256();
        byte[] pad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < len ? key[off + i] : 0;
            pad[i] = (byte) (k ^ 0x36);
        }
        inner.update(pad);
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < len ? key[off + i] : 0;
            pad[i] = (byte) (k ^ 0x5c);
        }
        outer.update(pad);
        java.util.Arrays.fill(pad, (byte) 0);
    }

    /** A copy of the primed inner state, to be fed the message and passed to {@link #finish}. */
    public MessageDigest start() {
        try {
            return (MessageDigest) inner.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest is not cloneable", e);
        }
    }

    /** Completes the MAC whose message was fed to {@code started} into {@code out[outOff..outOff+32)}. */
    public void finish(MessageDigest started, byte[] out, int outOff) {
        try {
            started.digest(out, outOff, 32);
            MessageDigest o = (MessageDigest) outer.clone();
            o.update(out, outOff, 32);
            o.digest(out, outOff, 32);
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("SHA-256 failed", e);
        }
    }

    /** HMAC of {@code data[off..off+len)} into {@code out[outOff..outOff+32)}. */
    public void mac(byte[] data, int off, int len, byte[] out, int outOff) {
        MessageDigest d = start();
        d.update(data, off, len);
        finish(d, out, outOff);
    }

    /** Forgets the key: both primed states return to the empty SHA-256 state. */
    public void destroy() {
        inner.reset();
        outer.reset();
    }

    private static MessageDigest freshSha256() {
        try {
            return (MessageDigest) PROTOTYPE.get().clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest is not cloneable", e);
        }
    }
}
