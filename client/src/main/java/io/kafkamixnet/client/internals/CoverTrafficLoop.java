package io.kafkamixnet.client.internals;

import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends drop packets as a Poisson process: inter-arrival times drawn from Exp(rate) with
 * {@link SecureRandom}, so cover traffic has no period an observer could filter out (Loopix-style
 * drop cover). Each packet takes the forward path or the reply path with equal probability, so both
 * forward and response mixers see a steady floor of traffic: this is what keeps a pool mix (which
 * never releases its last n_min) and a threshold mix (which never fills its last batch) moving when
 * real traffic pauses, without any special flush that would expose the last senders.
 */
public final class CoverTrafficLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoverTrafficLoop.class);

    private final double packetsPerSecond;
    private final SecureRandom random;
    private final Consumer<MixerRole> send;
    private final LongAdder sent = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param send sends one drop packet along the path of the given role; must not block for long */
    public CoverTrafficLoop(double packetsPerSecond, SecureRandom random, Consumer<MixerRole> send) {
        if (!(packetsPerSecond > 0) || Double.isInfinite(packetsPerSecond)) {
            throw new IllegalArgumentException(
                    "cover traffic rate must be a positive number of packets per second, found " + packetsPerSecond);
        }
        this.packetsPerSecond = packetsPerSecond;
        this.random = Objects.requireNonNull(random, "random");
        this.send = Objects.requireNonNull(send, "send");
        this.thread = new Thread(this::run, "mixnet-cover-traffic");
        this.thread.setDaemon(true);
    }

    public CoverTrafficLoop start() {
        thread.start();
        return this;
    }

    /** Drop packets handed to the producer so far. */
    public long sent() {
        return sent.sum();
    }

    private void run() {
        while (running) {
            // Exp(rate): -ln(U)/rate with U uniform in (0, 1].
            double u = 1.0 - random.nextDouble();
            long waitNanos = (long) (-Math.log(u) / packetsPerSecond * 1e9);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, TimeUnit.MINUTES.toNanos(10)));
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                send.accept(random.nextBoolean() ? MixerRole.FORWARD : MixerRole.RESPONSE);
                sent.increment();
            } catch (RuntimeException e) {
                // No route right now (directory between epochs, a mixer gone): try again at the next arrival.
                LOG.debug("Cover packet not sent: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
