package io.kafkamixnet.packet;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Test-only: hands out exactly the byte strings it was given, in order, and fails if a caller asks
 * for a different length. Pins down the format's randomness for test vectors: ephemeral secret,
 * routing padding, reply key.
 */
final class ScriptedRandom extends SecureRandom {

    private final Deque<byte[]> script;

    ScriptedRandom(List<byte[]> script) {
        this.script = new ArrayDeque<>(script);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        byte[] next = script.pollFirst();
        if (next == null) {
            throw new AssertionError("asked for " + bytes.length + " random bytes, but the script is empty");
        }
        if (next.length != bytes.length) {
            throw new AssertionError("asked for " + bytes.length + " random bytes, script has " + next.length);
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }

    boolean exhausted() {
        return script.isEmpty();
    }

    @Override
    public void setSeed(long seed) {
        // scripted: nothing to seed
    }
}
