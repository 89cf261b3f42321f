package io.kafkamixnet.attack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything the mixer under attack relayed to the peer, as the adversary sees it ({@link
 * RelayObservation}s), next to the referee's ground truth: which record carried which real payload.
 * The two are kept apart: the adversary's analysis only ever gets {@link #observations()}. Fed by a
 * {@link TopicTap}; thread-safe.
 */
final class RelayLedger {

    private final List<RelayObservation> observed = new ArrayList<>();
    private final Map<ByteBuffer, RelayObservation> recordOfPayload = new HashMap<>();
    private long lastArrivalNanos = System.nanoTime();

    /** The tap's listener: one record, with the referee's verdict (the payload it delivers, if real). */
    synchronized void observe(long offset, long timestampMs, Optional<byte[]> realPayload) {
        RelayObservation o = new RelayObservation(offset, timestampMs);
        observed.add(o);
        realPayload.ifPresent(p -> recordOfPayload.put(ByteBuffer.wrap(p), o));
        lastArrivalNanos = System.nanoTime();
        notifyAll();
    }

    /** The record that carried {@code payload} (ground truth), once relayed, or empty. */
    synchronized Optional<RelayObservation> recordOf(byte[] payload) {
        return Optional.ofNullable(recordOfPayload.get(ByteBuffer.wrap(payload)));
    }

    /**
     * Waits until the record carrying {@code payload} was relayed and then no record arrived for {@code
     * quietMillis} (the rest of its release), at most {@code maxMillis} in all.
     *
     * @return the record, or empty if it did not come within {@code maxMillis}
     */
    synchronized Optional<RelayObservation> awaitRelease(byte[] payload, long quietMillis, long maxMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        ByteBuffer key = ByteBuffer.wrap(payload);
        while (true) {
            long now = System.nanoTime();
            RelayObservation o = recordOfPayload.get(key);
            if (o != null && now - lastArrivalNanos >= TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                return Optional.of(o);
            }
            if (now >= deadline) {
                return Optional.ofNullable(o);
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    /** What the adversary sees: every relayed record so far, in arrival order. */
    synchronized List<RelayObservation> observations() {
        return List.copyOf(observed);
    }
}
