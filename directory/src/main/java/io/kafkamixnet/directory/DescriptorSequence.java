package io.kafkamixnet.directory;

/**
 * Sequence numbers for one mixer's descriptors: strictly increasing within a process and, because they
 * follow the wall clock (microseconds since the Unix epoch), across restarts too, with no state on disk.
 * A restarted mixer whose clock stepped back by more than its downtime would produce lower numbers than
 * before and be ignored as stale; {@link #atLeast} lets it continue above the last sequence it finds
 * for itself in the directory. Thread-safe.
 */
public final class DescriptorSequence {

    private long last = -1;

    /** The next sequence: above every earlier one, and at least {@code nowMillis * 1000}. */
    public synchronized long next(long nowMillis) {
        long candidate = Math.max(Math.multiplyExact(Math.max(0, nowMillis), 1000L), last + 1);
        last = candidate;
        return candidate;
    }

    /** Makes every later {@link #next} result higher than {@code sequence}. */
    public synchronized void atLeast(long sequence) {
        last = Math.max(last, sequence);
    }
}
