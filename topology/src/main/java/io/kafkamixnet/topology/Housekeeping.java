package io.kafkamixnet.topology;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mixer's background thread: refreshes the ingress partition count every
 * {@link #PARTITION_REFRESH_PERIOD}, republishes the descriptor when the heartbeat alarm changes
 * (polled every {@link #HEALTH_POLL_PERIOD}, rate-limited by {@link DescriptorAnnouncer}), and runs the keys-and-descriptor round (rotate the epoch keys,
 * then publish the descriptor if due), which schedules itself for the next change of the accepted
 * epochs, the next periodic descriptor or the next key reload, whichever comes first. A failed
 * round is logged and retried after {@link #RETRY}; the mixer keeps mixing meanwhile (its last
 * descriptor stays valid until its keys' grace ends).
 */
final class Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration PARTITION_REFRESH_PERIOD = Duration.ofSeconds(30);
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How often the mixer's health is compared with the last descriptor's. */
    static final Duration HEALTH_POLL_PERIOD = Duration.ofSeconds(1);

    private final MixerConfig config;
    private final Admin admin;
    private final PartitionCountRefresher partitions;
    private final EpochKeyRotator keys;
    private final DescriptorAnnouncer announcer;
    private final ScheduledExecutorService executor;
    /** Housekeeping thread only. */
    private long healthRetryAtMillis;

    /** @param announcer null when the mixer publishes no descriptor */
    Housekeeping(
            MixerConfig config,
            Admin admin,
            PartitionCountRefresher partitions,
            EpochKeyRotator keys,
            DescriptorAnnouncer announcer) {
        this.config = Objects.requireNonNull(config, "config");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.announcer = announcer;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mixer-" + config.mixerId() + "-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules both jobs; the keys and the descriptor were just brought up to date by the caller. */
    void start() {
        executor.scheduleWithFixedDelay(
                () -> partitions.refreshQuietly(admin),
                PARTITION_REFRESH_PERIOD.toMillis(),
                PARTITION_REFRESH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        if (announcer != null) {
            executor.scheduleWithFixedDelay(
                    this::healthRound,
                    HEALTH_POLL_PERIOD.toMillis(),
                    HEALTH_POLL_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        scheduleRound(nextRoundDelay(System.currentTimeMillis(), false));
    }

    /**
     * Republishes the descriptor when the heartbeat alarm changed (rate-limited by the announcer). A
     * failure is retried after {@link #RETRY}, not at every poll: an alarm often comes with a broker
     * in trouble, and the log must not fill with one line a second.
     */
    private void healthRound() {
        long now = System.currentTimeMillis();
        if (now < healthRetryAtMillis) {
            return;
        }
        try {
            announcer.publishIfHealthChanged(now);
        } catch (IOException | RuntimeException e) {
            healthRetryAtMillis = now + RETRY.toMillis();
            LOG.warn(
                    "Mixer {}: publishing the descriptor for a health change failed, retrying in {}: {}",
                    config.mixerId(),
                    RETRY,
                    e.toString());
        }
    }

    /** Runs on the housekeeping thread: keys, then the descriptor, then schedules itself again. */
    private void round() {
        long now = System.currentTimeMillis();
        boolean failed = false;
        try {
            keys.rotate(now);
            if (announcer != null) {
                announcer.publishIfDue(now);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.warn(
                    "Mixer {}: key or descriptor housekeeping failed, retrying in {}: {}",
                    config.mixerId(),
                    RETRY,
                    e.toString());
        }
        scheduleRound(nextRoundDelay(System.currentTimeMillis(), failed));
    }

    /**
     * Milliseconds until the next round: the next key rotation, the next periodic descriptor, and
     * after a failure the retry, whichever comes first.
     */
    private long nextRoundDelay(long now, boolean failed) {
        long next = keys.nextRotationMillis(now);
        if (announcer != null) {
            next = Math.min(next, announcer.nextDueMillis().orElse(Long.MAX_VALUE));
        }
        if (failed) {
            next = Math.min(next, now + RETRY.toMillis());
        }
        return Math.max(1, next - now);
    }

    private void scheduleRound(long delayMillis) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() shut the executor down meanwhile
        }
    }

    /** Stops both jobs; a publication in progress is interrupted and waited for (up to 10 s). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            // A publish in progress is interrupted; wait for it before its producer is closed.
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
