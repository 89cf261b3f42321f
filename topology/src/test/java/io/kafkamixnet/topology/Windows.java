package io.kafkamixnet.topology;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Finds any 32-byte window of some byte arrays inside other byte arrays. */
final class Windows {

    static final int WIDTH = 32;

    private final Set<ByteBuffer> windows = new HashSet<>();

    /** Indexes every 32-byte window of every haystack. */
    Windows(Collection<byte[]> haystacks) {
        for (byte[] h : haystacks) {
            for (int i = 0; i + WIDTH <= h.length; i++) {
                windows.add(ByteBuffer.wrap(h, i, WIDTH).slice());
            }
        }
    }

    /** Whether any 32-byte window of {@code needle} occurs in a haystack. */
    boolean containsAnyWindowOf(byte[] needle) {
        for (int i = 0; i + WIDTH <= needle.length; i++) {
            if (windows.contains(ByteBuffer.wrap(needle, i, WIDTH).slice())) {
                return true;
            }
        }
        return false;
    }
}
