package io.kafkamixnet.audit;

import java.util.Arrays;
import java.util.List;

/**
 * Entropy over a set of messages.
 *
 * @param messages how many
 * @param min smallest entropy, bits
 * @param median median entropy, bits
 * @param mean mean entropy, bits
 * @param max largest entropy, bits
 * @param meanEffectiveSet mean of 2^H (Serjantov &amp; Danezis 2002)
 * @param population N: distinct first-hop senders seen, the size of the largest possible anonymity set
 * @param meanDegree mean of H / log2 N (Díaz et al. 2002); NaN when N &lt; 2
 * @param certainShare share of messages whose sender (or input) is known with certainty (H = 0)
 */
public record EntropyStats(
        int messages,
        double min,
        double median,
        double mean,
        double max,
        double meanEffectiveSet,
        int population,
        double meanDegree,
        double certainShare) {

    /** Statistics of {@code distributions} against a population of {@code population} senders. */
    public static EntropyStats of(List<Distribution> distributions, int population) {
        int n = distributions.size();
        if (n == 0) {
            return new EntropyStats(
                    0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, population, Double.NaN, Double.NaN);
        }
        double[] h = new double[n];
        double sum = 0;
        double sets = 0;
        int certain = 0;
        for (int i = 0; i < n; i++) {
            Distribution d = distributions.get(i);
            h[i] = d.entropy();
            sum += h[i];
            sets += d.effectiveSetSize();
            if (d.certain()) {
                certain++;
            }
        }
        Arrays.sort(h);
        double median = n % 2 == 1 ? h[n / 2] : (h[n / 2 - 1] + h[n / 2]) / 2;
        double mean = sum / n;
        double maxEntropy = population >= 2 ? Math.log(population) / Math.log(2) : Double.NaN;
        return new EntropyStats(
                n, h[0], median, mean, h[n - 1], sets / n, population, mean / maxEntropy, (double) certain / n);
    }
}
