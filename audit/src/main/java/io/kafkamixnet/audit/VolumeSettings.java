package io.kafkamixnet.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the per-producer volume over time is tested ({@link VolumeAnalysis}).
 *
 * @param window the width of the counting windows, at least 100 ms (default {@link #DEFAULT_WINDOW})
 * @param activity periods in which real requests were sent, possibly overlapping; empty when unknown (then
 *     only the dispersion test runs)
 * @param alpha the family-wise false-alarm rate of one audit, in (0, 0.5]: each test is run at
 *     {@code alpha / tests} (Bonferroni), so a network of constant-rate producers is flagged with
 *     probability at most {@code alpha} (default {@link #DEFAULT_ALPHA})
 */
public record VolumeSettings(Duration window, List<ActivityPeriod> activity, double alpha) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final double DEFAULT_ALPHA = 0.01;

    public VolumeSettings {
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 100) {
            throw new IllegalArgumentException("the volume window must be at least 100ms, found " + window);
        }
        activity = List.copyOf(activity);
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("the volume test's alpha must be in (0, 0.5], found " + alpha);
        }
    }

    /** Windows of 10 s, no activity periods, α = 0.01. */
    public static VolumeSettings defaults() {
        return new VolumeSettings(DEFAULT_WINDOW, List.of(), DEFAULT_ALPHA);
    }
}
