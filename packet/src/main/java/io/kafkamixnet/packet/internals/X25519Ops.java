package io.kafkamixnet.packet.internals;

import java.util.Arrays;
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

    /** Any clamped scalar serves for {@link #isSmallOrder}; this one is 0x01 repeated, clamped. */
    private static final byte[] SMALL_ORDER_PROBE = new byte[LENGTH];

    static {
        BASE_POINT[0] = 9;
        Arrays.fill(SMALL_ORDER_PROBE, (byte) 1);
        clamp(SMALL_ORDER_PROBE);
    }

    private X25519Ops() {}

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

    /**
     * Whether {@code u} (32 bytes) is a point of small order: one whose product with every clamped scalar
     * is the all-zero encoding, so a shared secret computed with it carries no secret at all. Clamped
     * scalars are multiples of the cofactor 8 and smaller than both prime subgroup orders (of the curve and
     * of its twist), so the product with one fixed clamped scalar is zero exactly for those points: the same
     * all-zero test {@code Sphinx} applies to every shared secret.
     */
    public static boolean isSmallOrder(byte[] u) {
        byte[] product = mult(SMALL_ORDER_PROBE, u, 0);
        return Primitives.isZero(product, 0, LENGTH);
    }

    /** Whether {@code u} (32 bytes) is the canonical encoding of a field element: top bit clear and u < 2^255 - 19. */
    public static boolean isCanonical(byte[] u) {
        if ((u[31] & 0x80) != 0) {
            return false;
        }
        // u >= p = 2^255 - 19 only if u is 0x7F FF .. FF followed by a low byte of at least 0xED.
        if (u[31] != 0x7F) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if (u[i] != (byte) 0xFF) {
                return true;
            }
        }
        return (u[0] & 0xFF) < 0xED;
    }

    public static byte[] basePoint() {
        return BASE_POINT.clone();
    }
}
