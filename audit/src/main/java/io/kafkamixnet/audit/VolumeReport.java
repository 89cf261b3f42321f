package io.kafkamixnet.audit;

import java.util.List;

/**
 * The per-producer volume over time of every first-hop producer (clients, and services sending replies),
 * and how the tests were run ({@link VolumeAnalysis}).
 *
 * @param windowMillis width of the counting windows
 * @param alpha the family-wise false-alarm rate asked for
 * @param tests tests run in this audit (dispersion tests plus activity comparisons)
 * @param activity the activity periods given, empty when none
 * @param series one per producer and ingress topic, most suspicious (smallest p-value) first
 * @param withoutProducerId first-hop records written by producers with no producer id (not idempotent): they
 *     cannot be told apart by producer and are not in any series
 */
public record VolumeReport(
        long windowMillis,
        double alpha,
        int tests,
        List<ActivityPeriod> activity,
        List<ProducerVolume> series,
        long withoutProducerId) {

    public VolumeReport {
        activity = List.copyOf(activity);
        series = List.copyOf(series);
    }

    /** The level each test is run at: {@code alpha / tests} (Bonferroni); alpha when no test ran. */
    public double perTestLevel() {
        return tests == 0 ? alpha : alpha / tests;
    }

    static VolumeReport empty(VolumeSettings s) {
        return new VolumeReport(s.window().toMillis(), s.alpha(), 0, s.activity(), List.of(), 0);
    }
}
