package io.kafkamixnet.topology;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.topology.release.ContinuousRelease;
import io.kafkamixnet.topology.release.PoolRelease;
import io.kafkamixnet.topology.release.ReleasePolicy;
import io.kafkamixnet.topology.release.ThresholdRelease;
import io.kafkamixnet.topology.release.TimedRelease;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a mixer releases the packets it holds. One mixer runs one strategy; every strategy batches
 * per stream task, that is per ingress partition (see the package documentation).
 *
 * <p>All times are wall-clock times: a mixer flushes on schedule even when no record arrives. No
 * strategy ever releases a thin batch just because traffic stopped (a threshold mix waits for its
 * n-th packet, a pool mix keeps its last {@code nMin}); only {@link Threshold#maxWait()}, off by
 * default, trades that for bounded delay.
 *
 * <p>Each strategy's rule is its {@link #releasePolicy()}; the processor knows no strategy by name.
 * A new strategy is a new record here, one new {@link ReleasePolicy} class, its keys declared in
 * {@link MixerConfigDef} (and the configuration table in {@code docs/mixing.md} regenerated), and one
 * case in {@code MixerConfigReader}; {@code docs/architecture.md} lists every file.
 */
public sealed interface MixingStrategy
        permits MixingStrategy.Timed, MixingStrategy.Threshold, MixingStrategy.Pool, MixingStrategy.Continuous {

    /**
     * The value of the {@code strategy} setting that names each strategy, in documentation order; the
     * settings' validator, docs and messages list these (the reader maps each to its record).
     */
    List<String> NAMES = List.of("timed", "threshold", "pool", "continuous");

    /** {@code timed, threshold, pool or continuous}: the names as a sentence, for messages. */
    static String namesInWords() {
        return String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or " + NAMES.get(NAMES.size() - 1);
    }

    /** Shortest flush interval or tick a strategy accepts. */
    Duration MIN_INTERVAL = Duration.ofMillis(1);

    /** Short human-readable form for logs and descriptors, e.g. {@code pool(t=1s,nMin=10,f=0.5)}. */
    String summary();

    /** A new release policy for one stream task: this strategy's rule of what is held and what leaves. */
    ReleasePolicy releasePolicy();

    /** Timed mix: every {@code interval}, flush everything held. */
    record Timed(Duration interval) implements MixingStrategy {
        public Timed {
            checkPositive("strategy.interval", interval);
        }

        @Override
        public String summary() {
            return "timed(t=" + format(interval) + ")";
        }

        @Override
        public ReleasePolicy releasePolicy() {
            return new TimedRelease(interval);
        }
    }

    /**
     * Threshold mix: as soon as {@code size} packets are held, release exactly those {@code size}.
     * With {@code maxWait}, also release everything held once the oldest held packet has waited that
     * long: bounded delay, at the price of thin batches (a low-traffic sender is exposed). Off unless set.
     */
    record Threshold(int size, Optional<Duration> maxWait) implements MixingStrategy {
        public Threshold {
            if (size < 1) {
                throw new IllegalArgumentException("strategy.threshold must be >= 1, found " + size);
            }
            Objects.requireNonNull(maxWait, "maxWait");
            maxWait.ifPresent(w -> checkPositive("strategy.max-wait", w));
        }

        @Override
        public String summary() {
            return "threshold(n=" + size
                    + maxWait.map(w -> ",maxWait=" + format(w)).orElse("") + ")";
        }

        @Override
        public ReleasePolicy releasePolicy() {
            return new ThresholdRelease(size, maxWait);
        }
    }

    /**
     * Timed dynamic pool mix: every {@code interval}, if more than {@code minRetained} packets are
     * held, release a uniformly random choice of {@code min(held - minRetained, floor(held * fraction))}
     * of them. At least {@code minRetained} always stay.
     */
    record Pool(Duration interval, int minRetained, double fraction) implements MixingStrategy {
        public Pool {
            checkPositive("strategy.interval", interval);
            if (minRetained < 0) {
                throw new IllegalArgumentException("strategy.min-pool must be >= 0, found " + minRetained);
            }
            if (!(fraction > 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("strategy.fraction must be in (0, 1], found " + fraction);
            }
        }

        /** How many of {@code held} packets one round releases. */
        public long releaseCount(long held) {
            return PoolRelease.releaseCount(held, minRetained, fraction);
        }

        @Override
        public String summary() {
            return "pool(t=" + format(interval) + ",nMin=" + minRetained + ",f=" + fraction + ")";
        }

        @Override
        public ReleasePolicy releasePolicy() {
            return new PoolRelease(interval, minRetained, fraction, new SecureRandom());
        }
    }

    /**
     * Continuous (stop-and-go) mix: each packet leaves when the delay in its own hop command has
     * passed since it arrived. Due packets are looked for every {@code tick} (at most
     * {@link #MAX_TICK}), so a packet leaves within {@code tick} (plus scheduling jitter) after its
     * due time: the stated granularity is 10 ms. Delays above {@code maxDelay} are refused, so a client
     * cannot park a packet in the pool for weeks. Released entries are rewritten under fresh store keys
     * at least every {@code rekeyInterval} (see the package documentation on the changelog).
     */
    record Continuous(Duration tick, Duration maxDelay, Duration rekeyInterval) implements MixingStrategy {
        /** Longest tick: keeps the release granularity within 10 ms. */
        public static final Duration MAX_TICK = Duration.ofMillis(5);
        /** The release granularity this mixer promises. */
        public static final Duration GRANULARITY = Duration.ofMillis(10);

        public Continuous {
            checkPositive("strategy.tick", tick);
            if (tick.compareTo(MAX_TICK) > 0) {
                throw new IllegalArgumentException("strategy.tick must be at most " + MAX_TICK.toMillis()
                        + "ms (granularity " + GRANULARITY.toMillis() + "ms), found " + format(tick));
            }
            checkPositive("strategy.max-delay", maxDelay);
            checkPositive("strategy.rekey-interval", rekeyInterval);
        }

        public static Continuous defaults() {
            return new Continuous(MAX_TICK, Duration.ofHours(1), Duration.ofSeconds(1));
        }

        @Override
        public String summary() {
            return "continuous(tick=" + format(tick) + ",maxDelay=" + format(maxDelay) + ")";
        }

        @Override
        public ReleasePolicy releasePolicy() {
            return new ContinuousRelease(tick, maxDelay, rekeyInterval);
        }
    }

    private static void checkPositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException(name + " must be at least 1ms, found " + d);
        }
    }

    /** The one duration format of settings and summaries ({@link DurationSetting}). */
    private static String format(Duration d) {
        return DurationSetting.format(d);
    }
}
