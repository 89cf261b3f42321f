package io.kafkamixnet.cli.demo;

import io.kafkamixnet.client.DelayDistribution;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The mixing strategy every mixer of the demo runs, with settings that show it working on a laptop
 * in about a minute. The strategies are the product's own; only the parameters are the demo's.
 */
public enum DemoStrategy {
    /** Every second, flush everything held. */
    TIMED,
    /** Flush as soon as 8 packets are held; cover traffic fills the last batches. */
    THRESHOLD,
    /** Every second, release min(held - 4, 60% of held); cover traffic keeps the pool turning. */
    POOL,
    /** Each packet waits its own client-drawn delay, Exp(mean 150 ms) per hop. */
    CONTINUOUS;

    static final Duration CONTINUOUS_MEAN_DELAY = Duration.ofMillis(150);

    public static DemoStrategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "expected one of timed, threshold, pool, continuous; found '" + s + "'", e);
        }
    }

    /** The mixer configuration properties of this strategy ({@code strategy.*}). */
    public Map<String, String> mixerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        switch (this) {
            case TIMED -> {
                p.put("strategy", "timed");
                p.put("strategy.interval", "1s");
            }
            case THRESHOLD -> {
                p.put("strategy", "threshold");
                p.put("strategy.threshold", "8");
            }
            case POOL -> {
                p.put("strategy", "pool");
                p.put("strategy.interval", "1s");
                p.put("strategy.min-pool", "4");
                p.put("strategy.fraction", "0.6");
            }
            case CONTINUOUS -> {
                p.put("strategy", "continuous");
                p.put("strategy.max-delay", "1m");
            }
        }
        return p;
    }

    /** The per-hop delays clients draw: only a continuous mix obeys them. */
    DelayDistribution hopDelay() {
        return this == CONTINUOUS ? DelayDistribution.exponential(CONTINUOUS_MEAN_DELAY) : DelayDistribution.zero();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
