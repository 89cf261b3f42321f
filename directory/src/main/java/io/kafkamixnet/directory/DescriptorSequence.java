package io.kafkamixnet.directory;

import java.time.Clock;
import java.util.Objects;

/**
 * Sequence numbers for one mixer's descriptors: strictly increasing within a process and, because they
 * follow the wall clock (microseconds since the Unix epoch), across restarts too, with no state on disk.
 *
 * <p>A clock that jumped is the danger: a mixer that once ran with its clock a day fast published a
 * sequence a day ahead, and readers refuse every lower one as stale. So a restarted mixer continues
 * above the last sequence it finds for itself in the directory ({@link #atLeast}, which
 * {@link DirectoryPublisher} does on its first publish), and readers refuse descriptors dated beyond
 * their clock tolerance ({@link Rejection#FUTURE_DATED}). Thread-safe.
 */
public final class DescriptorSequence {

    private long last = -1;

    /** The next sequence: above every earlier one, and at least {@code nowMillis * 1000}. */
    public synchronized long next(long nowMillis) {
        if (last == Long.MAX_VALUE) {
            throw new IllegalStateException("descriptor sequence exhausted: expected a last sequence below "
                    + Long.MAX_VALUE + ", found " + last);
        }
        long candidate = Math.max(Math.multiplyExact(Math.max(0, nowMillis), 1000L), last + 1);
        last = candidate;
        return candidate;
    }

    /** As {@link #next(long)} at the instant {@code clock} gives. */
    public long next(Clock clock) {
        return next(Objects.requireNonNull(clock, "clock").millis());
    }

    /** Makes every later {@link #next} result higher than {@code sequence}. */
    public synchronized void atLeast(long sequence) {
        last = Math.max(last, sequence);
    }

    /** The last sequence handed out or passed to {@link #atLeast}; -1 if none. */
    public synchronized long last() {
        return last;
    }
}
