package io.kafkamixnet.client.internals;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that runs a task at the arrival times of a Poisson process: the gaps are Exp(rate),
 * drawn from a {@link SecureRandom}, so the sends it times have no period an observer could filter
 * out. The task runs on the clock's thread and must not block for long; whatever it throws ends the
 * clock, so tasks catch what they can survive.
 */
final class PoissonClock {

    /** A gap longer than this is cut to it, so a tiny rate still wakes up now and then. */
    private static final long MAX_GAP_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** Behind the schedule by more than this, the clock starts afresh from now instead of catching up. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double perSecond;
    private final SecureRandom random;
    private final Runnable tick;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param rateName   how an invalid rate is named in the error, e.g. {@code "the shaped rate"}
     * @param perSecond  the mean rate, arrivals per second, &gt; 0 and finite
     * @param threadName the clock thread's name
     * @param tick       runs at each arrival
     * @throws IllegalArgumentException if {@code perSecond} is not a positive finite number
     */
    PoissonClock(String rateName, double perSecond, SecureRandom random, String threadName, Runnable tick) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    rateName + " must be a positive number of packets per second, found " + perSecond);
        }
        this.perSecond = perSecond;
        this.random = Objects.requireNonNull(random, "random");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.thread = new Thread(this::run, Objects.requireNonNull(threadName, "threadName"));
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the clock and waits up to 5 s for a running tick to end. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        // The arrival times are fixed in advance (each one an Exp gap after the previous *time*, not after the
        // previous tick ended), so how long a tick takes does not change the rate: under rate shaping a slot
        // that builds a drop packet costs more than one that sends a queued request, and sleeping after each
        // tick would make a busy client's slots come faster — its volume would follow its activity.
        long next = System.nanoTime();
        while (running) {
            // Exp(rate): -ln(U)/rate with U uniform in (0, 1].
            double u = 1.0 - random.nextDouble();
            next += Math.min((long) (-Math.log(u) / perSecond * 1e9), MAX_GAP_NANOS);
            long waitNanos = next - System.nanoTime();
            if (waitNanos < -MAX_LAG_NANOS) {
                // Stalled (a suspended host, a long pause): the missed times are dropped, not fired in a burst.
                next = System.nanoTime();
            }
            try {
                if (waitNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            tick.run();
        }
    }
}
