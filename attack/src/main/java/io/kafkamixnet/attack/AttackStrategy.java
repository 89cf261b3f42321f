package io.kafkamixnet.attack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The mixing strategy of the mixer under attack, with small batches and short intervals so that a
 * hundred trials take a minute or two. The strategies are the product's own (module {@code topology});
 * only the parameters are the attack runner's, and every report records them.
 */
public enum AttackStrategy {
    /** Release exactly 5 packets once 5 are held. */
    THRESHOLD,
    /** Every 300 ms, release everything held. */
    TIMED,
    /** Every 300 ms, release min(held - 2, 50 % of held). */
    POOL,
    /** Each packet waits its own sender-drawn delay, Exp(mean 100 ms). */
    CONTINUOUS;

    /** Batch size n of {@link #THRESHOLD}. */
    public static final int THRESHOLD_BATCH = 5;
    /** Flush period of {@link #TIMED} and {@link #POOL}. */
    public static final Duration INTERVAL = Duration.ofMillis(300);
    /** n_min of {@link #POOL}: packets that never leave without more traffic. */
    public static final int POOL_MIN = 2;
    /** f of {@link #POOL}. */
    public static final double POOL_FRACTION = 0.5;
    /** Mean of the exponential per-hop delay senders draw for {@link #CONTINUOUS}. */
    public static final Duration CONTINUOUS_MEAN_DELAY = Duration.ofMillis(100);

    /**
     * Parses a strategy name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values and the value found
     */
    public static AttackStrategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "expected one of threshold, timed, pool, continuous; found '" + s + "'", e);
        }
    }

    /** The mixer configuration properties of this strategy ({@code strategy} and {@code strategy.*}). */
    public Map<String, String> mixerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("strategy", label());
        switch (this) {
            case THRESHOLD -> p.put("strategy.threshold", Integer.toString(THRESHOLD_BATCH));
            case TIMED -> p.put("strategy.interval", INTERVAL.toMillis() + "ms");
            case POOL -> {
                p.put("strategy.interval", INTERVAL.toMillis() + "ms");
                p.put("strategy.min-pool", Integer.toString(POOL_MIN));
                p.put("strategy.fraction", Double.toString(POOL_FRACTION));
            }
            case CONTINUOUS -> p.put("strategy.max-delay", "10s");
        }
        return p;
    }

    /**
     * The per-hop delay a sender writes into a packet's hop instruction, in milliseconds: drawn from
     * Exp(100 ms) for a continuous mix (which obeys it), 0 for the others (which ignore it).
     */
    public long drawHopDelayMillis(RandomGenerator random) {
        if (this != CONTINUOUS) {
            return 0;
        }
        double u = 1.0 - random.nextDouble();
        return Math.min(10_000L, Math.round(-Math.log(u) * CONTINUOUS_MEAN_DELAY.toMillis()));
    }

    /**
     * How many of its own packets the n-1 attacker sends with the target in one round: exactly the
     * rest of a threshold batch; for the others, enough to look like a batch (a timed or continuous
     * mix needs none: holding back everyone else is enough — the trickle half of the attack).
     */
    public int defaultFlood() {
        return switch (this) {
            case THRESHOLD -> THRESHOLD_BATCH - 1;
            case TIMED -> 4;
            case POOL -> 4;
            case CONTINUOUS -> 0;
        };
    }

    /** Lower-case name, as on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
