package io.kafkamixnet.topology.cover;

import java.security.SecureRandom;

/**
 * Event times of a Poisson process of {@code ratePerSecond}, shared by the stream tasks of one mixer:
 * whichever task asks first after an event is due takes it, so the mixer as a whole sends at the
 * rate whatever its task count. Inter-arrival times are Exp(rate) drawn from a {@link SecureRandom}:
 * no period an observer could filter out. Thread-safe.
 */
final class PoissonSchedule {

    /** Most events one call hands out: after a long stall the backlog is skipped, not burst out. */
    static final int MAX_PER_CALL = 16;

    private final double ratePerSecond;
    private final SecureRandom random;
    private long nextMillis = -1;

    PoissonSchedule(double ratePerSecond, SecureRandom random) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a Poisson schedule needs a rate > 0, found " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.random = random;
    }

    /** How many events are due at {@code nowMillis} (at most {@value #MAX_PER_CALL}); they are taken. */
    synchronized int takeDue(long nowMillis) {
        if (nextMillis < 0) {
            nextMillis = nowMillis + gapMillis();
            return 0;
        }
        int due = 0;
        while (nextMillis <= nowMillis) {
            if (due < MAX_PER_CALL) {
                due++;
            }
            nextMillis += gapMillis();
        }
        return due;
    }

    private long gapMillis() {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        return Math.max(1, Math.round(-Math.log(u) / ratePerSecond * 1000.0));
    }
}
