package io.kafkamixnet.audit;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A probability distribution over identities (senders or input records, each a {@code long}), sparse.
 * Immutable once built; its Shannon entropy is computed once.
 */
public final class Distribution {

    /** Probabilities this close to 1 count as certain (floating-point sums of many masses). */
    static final double CERTAIN = 1 - 1e-9;

    private final Map<Long, Double> probabilities;
    private double entropy = Double.NaN;

    private Distribution(Map<Long, Double> probabilities) {
        this.probabilities = probabilities;
    }

    /** All mass on one identity. */
    public static Distribution point(long id) {
        return new Distribution(Map.of(id, 1.0));
    }

    /**
     * Normalises non-negative masses into a distribution.
     *
     * @throws IllegalArgumentException when the masses are empty or sum to zero
     */
    public static Distribution normalise(Map<Long, Double> masses) {
        double total = 0;
        for (double m : masses.values()) {
            total += m;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("expected positive total mass, found " + total);
        }
        Map<Long, Double> p = new HashMap<>(masses.size() * 2);
        for (Map.Entry<Long, Double> e : masses.entrySet()) {
            if (e.getValue() > 0) {
                p.put(e.getKey(), e.getValue() / total);
            }
        }
        return new Distribution(p);
    }

    /** Adds {@code weight} times this distribution to {@code into}. */
    void addTo(Map<Long, Double> into, double weight) {
        for (Map.Entry<Long, Double> e : probabilities.entrySet()) {
            into.merge(e.getKey(), e.getValue() * weight, Double::sum);
        }
    }

    public Map<Long, Double> probabilities() {
        return Collections.unmodifiableMap(probabilities);
    }

    public int support() {
        return probabilities.size();
    }

    /** Shannon entropy in bits: H = −Σ p·log2 p (Shannon 1948; as an anonymity metric, Serjantov & Danezis 2002). */
    public double entropy() {
        if (Double.isNaN(entropy)) {
            double h = 0;
            for (double p : probabilities.values()) {
                if (p > 0) {
                    h -= p * Math.log(p);
                }
            }
            entropy = Math.max(0, h / Math.log(2));
        }
        return entropy;
    }

    /** The effective anonymity set size 2^H (Serjantov & Danezis 2002). */
    public double effectiveSetSize() {
        return Math.pow(2, entropy());
    }

    public double maxProbability() {
        double max = 0;
        for (double p : probabilities.values()) {
            max = Math.max(max, p);
        }
        return max;
    }

    /** True when one identity has (numerically) all the mass: the adversary knows it. */
    public boolean certain() {
        return maxProbability() >= CERTAIN;
    }

    public double probabilityOf(long id) {
        return probabilities.getOrDefault(id, 0.0);
    }

    @Override
    public String toString() {
        return "Distribution[support=" + support() + ", H=" + String.format("%.3f", entropy()) + " bits]";
    }
}
