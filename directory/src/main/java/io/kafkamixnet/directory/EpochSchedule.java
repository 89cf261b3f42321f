package io.kafkamixnet.directory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The network-wide epoch clock: which mixer key epoch is current at a given wall-clock instant, and
 * which epochs a mixer accepts then. Immutable and thread-safe; every method is pure arithmetic on
 * epoch milliseconds (UTC), so mixers, clients and tests agree as long as their clocks do.
 *
 * <p>Epoch {@code e} covers {@code [e * epochLength, (e + 1) * epochLength)}: epoch 0 starts at the
 * Unix epoch, so every participant numbers epochs alike without coordination. At instant {@code now}
 * a mixer accepts packets of
 * <ul>
 *   <li>the current epoch {@code epochAt(now)};</li>
 *   <li>the next epoch, whose key is announced ahead of time (a client whose clock runs a little fast,
 *       or that builds a packet just before a boundary, is not refused);</li>
 *   <li>the previous epoch until its grace period ends ({@code graceUntilMillis}), so packets built just
 *       before a boundary and still held in pools or in flight get through.</li>
 * </ul>
 * The grace must be shorter than an epoch, so at most one past epoch is ever accepted.
 */
public final class EpochSchedule {

    /** Default epoch length: one hour. */
    public static final Duration DEFAULT_EPOCH_LENGTH = Duration.ofHours(1);
    /** Default grace of the previous epoch: ten minutes. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    /** Longest epoch accepted: a year (keys that live longer defeat the point of rotating them). */
    public static final Duration MAX_EPOCH_LENGTH = Duration.ofDays(366);

    private static final EpochSchedule DEFAULTS = new EpochSchedule(DEFAULT_EPOCH_LENGTH, DEFAULT_GRACE);

    private final Duration epochLength;
    private final Duration grace;
    private final long lengthMillis;
    private final long graceMillis;

    private EpochSchedule(Duration epochLength, Duration grace) {
        Objects.requireNonNull(epochLength, "epochLength");
        Objects.requireNonNull(grace, "grace");
        if (epochLength.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("epoch length must be at least 1 s, found " + epochLength);
        }
        if (epochLength.compareTo(MAX_EPOCH_LENGTH) > 0 || epochLength.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("epoch length must be a whole number of milliseconds of at most "
                    + MAX_EPOCH_LENGTH + ", found " + epochLength);
        }
        if (grace.isNegative() || grace.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "grace must be a non-negative whole number of milliseconds, found " + grace);
        }
        if (grace.compareTo(epochLength) >= 0) {
            throw new IllegalArgumentException(
                    "grace must be shorter than the epoch length (" + epochLength + "), found " + grace);
        }
        this.epochLength = epochLength;
        this.grace = grace;
        this.lengthMillis = epochLength.toMillis();
        this.graceMillis = grace.toMillis();
    }

    /** A schedule of {@code epochLength} epochs (at least 1 s) whose previous epoch stays valid for {@code grace} (shorter than an epoch). */
    public static EpochSchedule of(Duration epochLength, Duration grace) {
        return new EpochSchedule(epochLength, grace);
    }

    /** One-hour epochs with a ten-minute grace. */
    public static EpochSchedule defaults() {
        return DEFAULTS;
    }

    public Duration epochLength() {
        return epochLength;
    }

    public Duration grace() {
        return grace;
    }

    /** The epoch current at {@code epochMillis}: {@code floor(epochMillis / epochLength)}. */
    public long epochAt(long epochMillis) {
        return Math.floorDiv(epochMillis, lengthMillis);
    }

    /** First millisecond of {@code epoch} (inclusive). */
    public long startMillis(long epoch) {
        return Math.multiplyExact(epoch, lengthMillis);
    }

    /** End of {@code epoch} (exclusive): the first millisecond of the next epoch. */
    public long endMillis(long epoch) {
        return Math.addExact(startMillis(epoch), lengthMillis);
    }

    /** End of the grace of {@code epoch} (exclusive): {@code endMillis(epoch) + grace}. */
    public long graceUntilMillis(long epoch) {
        return Math.addExact(endMillis(epoch), graceMillis);
    }

    /**
     * Whether a mixer accepts packets of {@code epoch} at {@code nowMillis}: the current epoch, the next
     * one, or the previous one before its grace ends.
     */
    public boolean accepts(long epoch, long nowMillis) {
        long current = epochAt(nowMillis);
        if (epoch == current || epoch == current + 1) {
            return true;
        }
        return epoch == current - 1 && nowMillis < graceUntilMillis(epoch);
    }

    /** The epochs {@link #accepts} at {@code nowMillis}, ascending (two or three of them). */
    public List<Long> acceptedEpochs(long nowMillis) {
        long current = epochAt(nowMillis);
        List<Long> epochs = new ArrayList<>(3);
        if (accepts(current - 1, nowMillis)) {
            epochs.add(current - 1);
        }
        epochs.add(current);
        epochs.add(current + 1);
        return List.copyOf(epochs);
    }

    /**
     * The first instant after {@code nowMillis} at which {@link #acceptedEpochs} changes: the end of the
     * previous epoch's grace if it is still running, else the start of the next epoch. A mixer re-reads
     * its keys and re-publishes its descriptor then.
     */
    public long nextChangeMillis(long nowMillis) {
        long current = epochAt(nowMillis);
        long graceEnd = graceUntilMillis(current - 1);
        return nowMillis < graceEnd ? graceEnd : endMillis(current);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochSchedule s && s.lengthMillis == lengthMillis && s.graceMillis == graceMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lengthMillis) * 31 + Long.hashCode(graceMillis);
    }

    @Override
    public String toString() {
        return "EpochSchedule[epochLength=" + epochLength + ", grace=" + grace + "]";
    }
}
