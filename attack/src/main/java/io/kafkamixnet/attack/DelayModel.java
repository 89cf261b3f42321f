package io.kafkamixnet.attack;

import java.util.List;

/**
 * The adversary's estimate of the mixer's delay distribution, learnt from its own probe packets (it
 * knows when each entered and sees when it left): a Gaussian kernel density over the observed delays
 * with Silverman's bandwidth, at least {@value #MIN_BANDWIDTH_MS} ms (the mixer's release granularity
 * and the commit interval blur delays by about that much). Delays below {@code -}{@value
 * #CLOCK_TOLERANCE_MS} ms (leaving before entering) have density 0.
 */
public final class DelayModel {

    static final double MIN_BANDWIDTH_MS = 10;
    static final double CLOCK_TOLERANCE_MS = 5;

    private final double[] delays;
    private final double bandwidth;
    private final double maxDelay;

    /**
     * @param probeDelaysMs observed delays of the adversary's probes, in ms
     * @throws IllegalArgumentException if there are none
     */
    public DelayModel(List<Long> probeDelaysMs) {
        if (probeDelaysMs.isEmpty()) {
            throw new IllegalArgumentException(
                    "the delay model needs at least one probe delay; found none (no probe came out of the mixer)");
        }
        this.delays = probeDelaysMs.stream().mapToDouble(Long::doubleValue).toArray();
        double mean = 0;
        for (double d : delays) {
            mean += d;
        }
        mean /= delays.length;
        double var = 0;
        for (double d : delays) {
            var += (d - mean) * (d - mean);
        }
        double sd = delays.length > 1 ? Math.sqrt(var / (delays.length - 1)) : 0;
        this.bandwidth = Math.max(MIN_BANDWIDTH_MS, 1.06 * sd * Math.pow(delays.length, -0.2));
        double max = 0;
        for (double d : delays) {
            max = Math.max(max, d);
        }
        this.maxDelay = max;
    }

    /** Density at {@code delayMs} (per ms). */
    public double density(double delayMs) {
        if (delayMs < -CLOCK_TOLERANCE_MS) {
            return 0;
        }
        double sum = 0;
        for (double d : delays) {
            double z = (delayMs - d) / bandwidth;
            if (Math.abs(z) < 8) {
                sum += Math.exp(-0.5 * z * z);
            }
        }
        return sum / (delays.length * bandwidth * Math.sqrt(2 * Math.PI));
    }

    /** Beyond this delay (ms) the density is negligible: the longest probe delay plus 8 bandwidths. */
    public double horizonMs() {
        return maxDelay + 8 * bandwidth;
    }

    public double bandwidthMs() {
        return bandwidth;
    }

    public int probes() {
        return delays.length;
    }
}
