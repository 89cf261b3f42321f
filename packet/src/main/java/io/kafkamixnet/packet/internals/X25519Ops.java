package io.kafkamixnet.packet.internals;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 (RFC 7748) on Bouncy Castle. Every scalar of the format (client ephemeral key, mixer key,
 * blinding factor) is a clamped 32-byte scalar, so the X25519 function multiplies by exactly that
 * scalar and all parties' products agree: the group is commutative, so
 * {@code X25519(a, X25519(b, P)) == X25519(b, X25519(a, P))} for clamped a and b. Not public API.
 */
public final class X25519Ops {

    public static final int LENGTH = 32;

    private static final byte[] BASE_POINT = new byte[LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    private X25519Ops() {
    }

    /** RFC 7748 clamping, in place: clear the 3 low bits and the top bit, set bit 254. */
    public static void clamp(byte[] k) {
        k[0] &= (byte) 0xF8;
        k[31] &= (byte) 0x7F;
        k[31] |= (byte) 0x40;
    }

    /** X25519(k, u), a new array. */
    public static byte[] mult(byte[] k, byte[] u, int uOff) {
        byte[] r = new byte[LENGTH];
        X25519.scalarMult(k, 0, u, uOff, r, 0);
        return r;
    }

    /** X25519(k, u) into r at rOff. */
    public static void mult(byte[] k, byte[] u, int uOff, byte[] r, int rOff) {
        X25519.scalarMult(k, 0, u, uOff, r, rOff);
    }

    /** X25519(k, 9): the public key of k. */
    public static byte[] multBase(byte[] k) {
        byte[] r = new byte[LENGTH];
        X25519.scalarMultBase(k, 0, r, 0);
        return r;
    }

    public static byte[] basePoint() {
        return BASE_POINT.clone();
    }
}
