package io.kafkamixnet.attack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The n-1 attacker's ledger of the mixer's output: every exit record, split into the attacker's own
 * (payloads it registered before sending) and foreign ones. Fed by an {@link ExitTap}; thread-safe.
 */
final class OutputLedger {

    private final Set<ByteBuffer> own = ConcurrentHashMap.newKeySet();
    private final List<ExitObservation> foreign = new ArrayList<>();
    private final List<ExitObservation> all = new ArrayList<>();

    /** Registers an own payload; must happen before the packet is sent, so its output is never foreign. */
    void registerOwn(byte[] payload) {
        own.add(ByteBuffer.wrap(payload.clone()));
    }

    /** The exit tap's listener. */
    synchronized void observe(ExitObservation o) {
        all.add(o);
        if (!own.remove(ByteBuffer.wrap(o.payload()))) {
            foreign.add(o);
        }
        notifyAll();
    }

    synchronized int total() {
        return all.size();
    }

    synchronized int foreignCount() {
        return foreign.size();
    }

    synchronized List<ExitObservation> foreignFrom(int index) {
        return List.copyOf(foreign.subList(Math.min(index, foreign.size()), foreign.size()));
    }

    /**
     * Waits for a round's output to settle: until at least one record arrived after {@code totalBefore}
     * records and then none for {@code quietMillis}, or {@code maxMillis} passed.
     */
    synchronized void awaitRound(int totalBefore, long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        int seen = all.size();
        long quietUntil = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return;
            }
            if (all.size() != seen) {
                seen = all.size();
                quietUntil = now + TimeUnit.MILLISECONDS.toNanos(quietMillis);
            } else if (seen > totalBefore && quietUntil == Long.MAX_VALUE) {
                quietUntil = now + TimeUnit.MILLISECONDS.toNanos(quietMillis);
            }
            if (now >= quietUntil) {
                return;
            }
            long wait = Math.min(deadline, quietUntil) - now;
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(wait, TimeUnit.MILLISECONDS.toNanos(20))));
        }
    }
}
