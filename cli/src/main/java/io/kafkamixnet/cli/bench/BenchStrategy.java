package io.kafkamixnet.cli.bench;

import io.kafkamixnet.cli.demo.DemoStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A mixing strategy with the parameters the throughput and latency phases of {@code mixnet bench}
 * run it with: short rounds, so that a run of a few seconds sees many of them and the strategy's own
 * delay stays small next to what is measured.
 *
 * <ul>
 *   <li>timed: every 100 ms, everything held leaves;</li>
 *   <li>threshold: every 100 packets;</li>
 *   <li>pool: every 100 ms, {@code min(held - 100, 60% of held)} leave: 100 stay by design;</li>
 *   <li>continuous: each packet after its own hop delay (the benchmark's packets ask for 0), checked
 *       every 5 ms (the default tick).</li>
 * </ul>
 *
 * @param strategy   which strategy
 * @param properties its {@code strategy.*} mixer settings
 */
public record BenchStrategy(DemoStrategy strategy, Map<String, String> properties) {

    /** Packets a pool mixer of the benchmark keeps however long it runs. */
    static final int POOL_MIN = 100;

    static final int THRESHOLD = 100;

    public BenchStrategy {
        Objects.requireNonNull(strategy, "strategy");
        properties = Map.copyOf(properties);
    }

    /** The benchmark's parameters of {@code strategy}. */
    public static BenchStrategy of(DemoStrategy strategy) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("strategy", strategy.label());
        switch (strategy) {
            case TIMED -> p.put("strategy.interval", "100ms");
            case THRESHOLD -> p.put("strategy.threshold", Integer.toString(THRESHOLD));
            case POOL -> {
                p.put("strategy.interval", "100ms");
                p.put("strategy.min-pool", Integer.toString(POOL_MIN));
                p.put("strategy.fraction", "0.6");
            }
            case CONTINUOUS -> p.put("strategy.max-delay", "1m");
        }
        return new BenchStrategy(strategy, p);
    }

    /** How the reports name it, e.g. {@code pool(100ms, min 100, 60%)}. */
    public String label() {
        return switch (strategy) {
            case TIMED -> "timed(100ms)";
            case THRESHOLD -> "threshold(" + THRESHOLD + ")";
            case POOL -> "pool(100ms,min " + POOL_MIN + ",60%)";
            case CONTINUOUS -> "continuous(delay 0)";
        };
    }

    /**
     * How many packets come out, however long one waits, when {@code sentPerPartition[p]} were sent
     * to ingress partition p (one stream task each): a pool keeps {@value #POOL_MIN} per task, a
     * threshold mix the remainder below its threshold.
     */
    public long expectedOut(long[] sentPerPartition) {
        long out = 0;
        for (long sent : sentPerPartition) {
            out += switch (strategy) {
                case POOL -> Math.max(0, sent - POOL_MIN);
                case THRESHOLD -> sent - sent % THRESHOLD;
                default -> sent;
            };
        }
        return out;
    }
}
