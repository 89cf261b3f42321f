package io.kafkamixnet.client.frame;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The random 16-byte id that ties the fragments of one request (and of its reply) together. It is
 * fresh for every request and means nothing outside it: it does not identify the client.
 * {@code toString} does not print it (it would let logs of client and service be joined).
 */
public final class MessageId {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private MessageId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MessageId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new MessageId(b);
    }

    public static MessageId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a message id has " + LENGTH + " bytes, found "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return new MessageId(bytes.clone());
    }

    static MessageId read(byte[] src, int off) {
        return new MessageId(Arrays.copyOfRange(src, off, off + LENGTH));
    }

    void writeTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MessageId[<hidden>]";
    }
}
