package io.kafkamixnet.client.internals;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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

    private final double packetsPerSecond;
    private final SecureRandom random;
    private final Runnable sendCover;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder realSent = new LongAdder();
    private final LongAdder coverSent = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param packetsPerSecond the constant mean rate, packets per second, &gt; 0
     * @param sendCover        sends one cover packet along the shaped path; must not block for long
     */
    public ShapedSender(double packetsPerSecond, SecureRandom random, Runnable sendCover) {
        if (!(packetsPerSecond > 0) || Double.isInfinite(packetsPerSecond)) {
            throw new IllegalArgumentException(
                    "the shaped rate must be a positive number of packets per second, found " + packetsPerSecond);
        }
        this.packetsPerSecond = packetsPerSecond;
        this.random = Objects.requireNonNull(random, "random");
        this.sendCover = Objects.requireNonNull(sendCover, "sendCover");
        this.thread = new Thread(this::run, "mixnet-shaped-sender");
        this.thread.setDaemon(true);
    }

    public ShapedSender start() {
        thread.start();
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

    /** Real packets waiting for a slot. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            double u = 1.0 - random.nextDouble(); // (0, 1]
            long waitNanos = (long) (-Math.log(u) / packetsPerSecond * 1e9);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, TimeUnit.MINUTES.toNanos(10)));
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
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
    }

    /** Stops the schedule; real packets still queued are handed to {@code leftover} (to fail them). */
    public void close(java.util.function.Consumer<Runnable> leftover) {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
