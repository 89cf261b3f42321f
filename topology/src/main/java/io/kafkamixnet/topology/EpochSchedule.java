package io.kafkamixnet.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Network-wide key epochs: epoch {@code e} covers wall-clock milliseconds
 * {@code [e * length, (e + 1) * length)} since the Unix epoch, so every party with a roughly right
 * clock agrees on the current epoch without talking to anyone.
 *
 * <p>A mixer accepts packets of the current epoch, and of the previous one until {@code grace} after
 * the current epoch began (packets built just before a key change are still in flight). Everything
 * else is refused as an unknown epoch. Once an epoch is no longer accepted its key is destroyed and
 * its replay tags are purged: a replay of one of its packets is then refused as an unknown epoch.
 *
 * @param length length of one epoch (at least one second)
 * @param grace  how long the previous epoch stays accepted (0..length)
 */
public record EpochSchedule(Duration length, Duration grace) {

    public EpochSchedule {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(grace, "grace");
        if (length.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("epoch.length must be at least 1s, found " + length);
        }
        if (grace.isNegative() || grace.compareTo(length) > 0) {
            throw new IllegalArgumentException("epoch.grace must be between 0 and epoch.length (" + length
                    + "), found " + grace);
        }
    }

    /** One-hour epochs with ten minutes of grace. */
    public static EpochSchedule defaults() {
        return new EpochSchedule(Duration.ofHours(1), Duration.ofMinutes(10));
    }

    /** The epoch that contains {@code epochMillis}. */
    public long epochAt(long epochMillis) {
        return Math.floorDiv(epochMillis, length.toMillis());
    }

    /** Where {@code epoch} starts, in epoch milliseconds. */
    public long startOf(long epoch) {
        return Math.multiplyExact(epoch, length.toMillis());
    }

    /** Whether a packet of {@code epoch} is accepted at {@code nowMillis}. */
    public boolean accepts(long epoch, long nowMillis) {
        long current = epochAt(nowMillis);
        return epoch == current || (epoch == current - 1 && nowMillis < startOf(current) + grace.toMillis());
    }

    /** The oldest epoch accepted at {@code nowMillis}: tags and keys of older epochs can go. */
    public long oldestAccepted(long nowMillis) {
        long current = epochAt(nowMillis);
        return nowMillis < startOf(current) + grace.toMillis() ? current - 1 : current;
    }
}
