package io.kafkamixnet.client.internals;

import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.util.Objects;
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

    private final SecureRandom random;
    private final Consumer<MixerRole> send;
    private final LongAdder sent = new LongAdder();
    private final PoissonClock clock;

    /** @param send sends one drop packet along the path of the given role; must not block for long */
    public CoverTrafficLoop(double packetsPerSecond, SecureRandom random, Consumer<MixerRole> send) {
        this.clock =
                new PoissonClock("cover traffic rate", packetsPerSecond, random, "mixnet-cover-traffic", this::sendOne);
        this.random = random;
        this.send = Objects.requireNonNull(send, "send");
    }

    public CoverTrafficLoop start() {
        clock.start();
        return this;
    }

    /** Drop packets handed to the producer so far. */
    public long sent() {
        return sent.sum();
    }

    /** One arrival: a drop packet on the forward or the reply path, at random. */
    private void sendOne() {
        try {
            send.accept(random.nextBoolean() ? MixerRole.FORWARD : MixerRole.RESPONSE);
            sent.increment();
        } catch (RuntimeException e) {
            // No route right now (directory between epochs, a mixer gone): try again at the next arrival.
            LOG.debug("Cover packet not sent: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        clock.stop();
    }
}
