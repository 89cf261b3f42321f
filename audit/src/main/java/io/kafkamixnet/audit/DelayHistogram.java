package io.kafkamixnet.audit;

/**
 * Expected number of released packets by time spent in a mixer, in 10 ms bins up to 60 s (the last bin
 * holds everything longer): at a release of {@code r} of {@code h}, each held input that may leave adds
 * its probability of leaving times {@code r} at its age.
 */
public final class DelayHistogram {

    public static final int BIN_MILLIS = 10;
    public static final int BINS = 6000;

    private final double[] weights = new double[BINS];

    void add(double ageMillis, double weight) {
        int bin = (int) Math.min(BINS - 1, Math.max(0, ageMillis / BIN_MILLIS));
        weights[bin] += weight;
    }

    /** Expected packets in bin {@code i}, covering {@code [i·10, (i+1)·10)} ms. */
    public double weight(int bin) {
        return weights[bin];
    }

    public double total() {
        double t = 0;
        for (double w : weights) {
            t += w;
        }
        return t;
    }

    /** The weighted mean delay in ms (bin centres), NaN when empty. */
    public double meanMillis() {
        double t = 0;
        double s = 0;
        for (int i = 0; i < BINS; i++) {
            t += weights[i];
            s += weights[i] * (i + 0.5) * BIN_MILLIS;
        }
        return t > 0 ? s / t : Double.NaN;
    }

    /** Index of the last non-empty bin, -1 when empty. */
    public int lastBin() {
        for (int i = BINS - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return -1;
    }
}
