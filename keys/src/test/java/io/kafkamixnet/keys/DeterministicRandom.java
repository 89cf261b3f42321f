package io.kafkamixnet.keys;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Test-only: a reproducible byte stream, SHA-256(seed || counter), so property failures replay exactly. */
final class DeterministicRandom extends SecureRandom {

    private final long seed;
    private long counter;
    private final byte[] buffer = new byte[32];
    private int used = 32;

    DeterministicRandom(long seed) {
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (used == buffer.length) {
                refill();
            }
            bytes[i] = buffer[used++];
        }
    }

    private void refill() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
            System.arraycopy(d.digest(), 0, buffer, 0, 32);
            used = 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setSeed(long ignored) {
        // the constructor seed is the only one: keeps streams reproducible
    }
}
