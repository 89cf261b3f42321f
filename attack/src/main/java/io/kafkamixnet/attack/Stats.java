package io.kafkamixnet.attack;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of one quantity over the trials of an attack (rounds, packets, seconds): minimum, mean, median,
 * 95th percentile (nearest rank) and maximum. All zero when there were no values.
 */
public record Stats(int count, double min, double mean, double median, double p95, double max) {

    /** Summarises {@code values}. */
    public static Stats of(List<? extends Number> values) {
        if (values.isEmpty()) {
            return new Stats(0, 0, 0, 0, 0, 0);
        }
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        double p95 = v[Math.max(0, (int) Math.ceil(0.95 * v.length) - 1)];
        return new Stats(v.length, v[0], mean, median, p95, v[v.length - 1]);
    }
}
