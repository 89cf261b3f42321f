package io.kafkamixnet.client.internals;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loopix's send queue: packets leave at the times of a Poisson process of a fixed rate, whatever the
 * client is doing. At each time, the oldest queued real packet leaves if there is one, otherwise a
 * cover packet does. So the volume the broker sees from this client (packets per producer per topic)
 * is the same whether it is idle or busy; real traffic beyond the rate waits in the queue. Inter-send
 * gaps are Exp(rate) from a {@link SecureRandom}. Thread-safe.
 */
public final class ShapedSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShapedSender.class);

    private final Runnable sendCover;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder realSent = new LongAdder();
    private final LongAdder coverSent = new LongAdder();
    private final LongAdder slots = new LongAdder();
    private final PoissonClock clock;

    /**
     * @param packetsPerSecond the constant mean rate, packets per second, &gt; 0
     * @param sendCover        sends one cover packet along the shaped path; must not block for long
     */
    public ShapedSender(double packetsPerSecond, SecureRandom random, Runnable sendCover) {
        this.clock = new PoissonClock("the shaped rate", packetsPerSecond, random, "mixnet-shaped-sender", this::slot);
        this.sendCover = Objects.requireNonNull(sendCover, "sendCover");
    }

    public ShapedSender start() {
        clock.start();
        return this;
    }

    /** Queues a real packet's send; it runs on the sender thread at one of the schedule's times. */
    public void enqueue(Runnable send) {
        queue.add(Objects.requireNonNull(send, "send"));
    }

    /** Real packets sent so far. */
    public long realSent() {
        return realSent.sum();
    }

    /** Cover packets sent in place of real ones so far. */
    public long coverSent() {
        return coverSent.sum();
    }

    /** Times of the schedule that have come so far: each sends one packet, real or cover, or none on error. */
    long slots() {
        return slots.sum();
    }

    /** Real packets waiting for a slot. */
    public int queued() {
        return queue.size();
    }

    /** One of the schedule's times: the oldest real packet leaves, or a cover packet does. */
    private void slot() {
        slots.increment();
        Runnable real = queue.poll();
        try {
            if (real != null) {
                real.run();
                realSent.increment();
            } else {
                sendCover.run();
                coverSent.increment();
            }
        } catch (RuntimeException e) {
            // No route right now for cover (directory between epochs): the slot passes unused.
            LOG.debug("Shaped slot not used: {}", e.getMessage());
        }
    }

    /** Stops the schedule; real packets still queued are handed to {@code leftover} (to fail them). */
    public void close(java.util.function.Consumer<Runnable> leftover) {
        clock.stop();
        Runnable r;
        while ((r = queue.poll()) != null) {
            leftover.accept(r);
        }
    }

    @Override
    public void close() {
        close(r -> {});
    }
}
