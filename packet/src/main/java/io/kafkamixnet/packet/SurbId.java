package io.kafkamixnet.packet;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Identifies a single-use reply block: 16 random bytes chosen by the client, carried in the
 * {@link RoutingCommand.DeliverReply} command of the last response mixer, and used by the client to
 * find the {@link SurbSecret} that opens the reply. Not secret: it is only ever visible to the last
 * response mixer and the client.
 */
public final class SurbId {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private SurbId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh random id. */
    public static SurbId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new SurbId(b);
    }

    /** The id with these 16 bytes (copied). */
    public static SurbId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a SURB id has " + LENGTH + " bytes, found " + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return new SurbId(bytes.clone());
    }

    /** The id from its 32-character hex form. */
    public static SurbId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** A copy of the 16 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SurbId s && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
