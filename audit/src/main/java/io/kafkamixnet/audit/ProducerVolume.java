package io.kafkamixnet.audit;

import java.util.List;

/**
 * One producer's packets into one mixer's ingress topic over time, as the broker operator counts them,
 * and the two tests of whether that volume follows the producer's activity ({@link VolumeAnalysis}).
 *
 * @param producerId the producer id of the batches (an idempotent client or service producer)
 * @param topic the ingress topic written to
 * @param mixerId the mixer reading that topic
 * @param packets records of this producer in the topic (within the audit's window)
 * @param firstMillis timestamp of its first record, epoch ms
 * @param lastMillis timestamp of its last record, epoch ms
 * @param windowMillis width of the counting windows
 * @param windowStartMillis start of the first window counted: the first window, aligned to a multiple of
 *     {@code windowMillis} since the epoch, that lies wholly between the first and the last record (partial
 *     windows at either end are left out, they would look like a change of rate)
 * @param counts records in each window from {@code windowStartMillis} on, consecutive
 * @param dispersion the test of the counts against a Poisson process of their own mean
 * @param activity the rate inside the activity periods against the rate outside, or null when no period was
 *     given or the producer's span does not reach both
 */
public record ProducerVolume(
        long producerId,
        String topic,
        String mixerId,
        long packets,
        long firstMillis,
        long lastMillis,
        long windowMillis,
        long windowStartMillis,
        List<Integer> counts,
        Dispersion dispersion,
        ActivityComparison activity) {

    public ProducerVolume {
        counts = List.copyOf(counts);
    }

    /** What a test concluded at the audit's per-test level ({@link VolumeReport#perTestLevel()}). */
    public enum Verdict {
        /** The p-value is at or above the per-test level: nothing in the counts says the rate changes. */
        CONSTANT_RATE("consistent with a constant rate"),
        /** The p-value is below the per-test level: the volume shows when the producer was busy. */
        VARIES("not constant-rate"),
        /** Too few windows or packets for the test to mean anything. */
        NOT_TESTED("not tested");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        /** The verdict in the report's words. */
        public String words() {
            return words;
        }
    }

    /**
     * The Poisson dispersion test (Fisher's index of dispersion): with {@code k} windows of mean count
     * {@code m}, {@code D = Σ (c − m)² / m} is approximately χ² with {@code k − 1} degrees of freedom when the
     * counts come from a Poisson process of constant rate; bursts make the counts vary more than that (D large).
     * One-sided: counts more regular than Poisson (D small) say nothing about activity.
     *
     * @param windows windows counted, k
     * @param meanPerWindow m
     * @param index the index of dispersion, sample variance / mean = D / (k − 1): about 1 at a constant rate
     * @param chiSquare D
     * @param degreesOfFreedom k − 1
     * @param pValue P(χ²(k − 1) ≥ D), NaN when not tested
     * @param verdict at the per-test level
     */
    public record Dispersion(
            int windows,
            double meanPerWindow,
            double index,
            double chiSquare,
            int degreesOfFreedom,
            double pValue,
            Verdict verdict) {}

    /**
     * The exact conditional test of two Poisson rates (Przyborowski and Wilenski, 1940): given the {@code N}
     * packets of the producer's span, under a constant rate each lies in the activity periods with probability
     * {@code T_active / (T_active + T_idle)}, so the count inside is Binomial; the two-sided binomial test gives
     * the p-value. Exact, with no windows.
     *
     * @param activePackets packets inside the activity periods
     * @param activeSeconds time of the producer's span inside the activity periods
     * @param idlePackets packets outside
     * @param idleSeconds time of its span outside
     * @param rateRatio (active packets / active time) / (idle packets / idle time); infinite when idle is 0
     * @param pValue the two-sided exact binomial p-value, NaN when not tested
     * @param verdict at the per-test level
     */
    public record ActivityComparison(
            long activePackets,
            double activeSeconds,
            long idlePackets,
            double idleSeconds,
            double rateRatio,
            double pValue,
            Verdict verdict) {

        public double activeRate() {
            return activeSeconds > 0 ? activePackets / activeSeconds : Double.NaN;
        }

        public double idleRate() {
            return idleSeconds > 0 ? idlePackets / idleSeconds : Double.NaN;
        }
    }

    /** VARIES when either test found the rate changing, CONSTANT_RATE when a test ran and none did. */
    public Verdict verdict() {
        Verdict a = activity == null ? Verdict.NOT_TESTED : activity.verdict();
        if (dispersion.verdict() == Verdict.VARIES || a == Verdict.VARIES) {
            return Verdict.VARIES;
        }
        if (dispersion.verdict() == Verdict.CONSTANT_RATE || a == Verdict.CONSTANT_RATE) {
            return Verdict.CONSTANT_RATE;
        }
        return Verdict.NOT_TESTED;
    }
}
