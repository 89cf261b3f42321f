package io.kafkamixnet.attack;

import java.util.Arrays;

/**
 * One record of the mixer's exit topic as a broker operator reads it: its offset, its timestamp (ms
 * since the epoch, the mixer's release time) and the request payload the exit message carries (the
 * plaintext the sender passed to the packet builder, which a sender can recognise as its own).
 */
public record ExitObservation(long offset, long timestampMs, byte[] payload) {

    public ExitObservation {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether the payload equals {@code candidate}. */
    public boolean carries(byte[] candidate) {
        return Arrays.equals(payload, candidate);
    }

    @Override
    public String toString() {
        // The payload stays out: it is the content of somebody's request.
        return "ExitObservation[offset=" + offset + ", timestampMs=" + timestampMs + "]";
    }
}
