package io.kafkamixnet.client;

import io.kafkamixnet.packet.HopInstruction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * How the client draws the per-hop delay it writes into every hop's routing command. Mixers that use
 * the continuous (stop-and-go / Poisson) strategy hold each packet for exactly that delay; mixers of
 * the other strategies hold packets by their own rule, and the delay should be zero for them.
 *
 * <p>Security contract: delays are drawn independently for every hop of every packet from the
 * {@link SecureRandom} the client passes in; an implementation keeps no state and never uses
 * {@code java.util.Random}. An exponential delay is what makes a continuous mix work: its
 * memorylessness means the time a packet has already spent in a mixer tells an observer nothing about
 * when it leaves.
 */
public sealed interface DelayDistribution permits DelayDistribution.Zero, DelayDistribution.Exponential {

    /** A delay in milliseconds, 0..{@link HopInstruction#MAX_DELAY_MILLIS}. */
    long sampleMillis(SecureRandom random);

    /** No delay: for mixers of the timed, threshold and pool strategies. */
    static DelayDistribution zero() {
        return Zero.INSTANCE;
    }

    /**
     * Exp(μ) delays with mean {@code mean} = 1/μ (at least 1 ms, at most one day), for mixers of the
     * continuous strategy. Draws are rounded to whole milliseconds and capped at
     * {@link HopInstruction#MAX_DELAY_MILLIS} (a cap reached with probability below e^-49 for a one-day mean).
     */
    static DelayDistribution exponential(Duration mean) {
        return new Exponential(mean);
    }

    /** The zero delay. */
    final class Zero implements DelayDistribution {
        private static final Zero INSTANCE = new Zero();

        private Zero() {}

        @Override
        public long sampleMillis(SecureRandom random) {
            return 0;
        }

        @Override
        public String toString() {
            return "zero";
        }
    }

    /** Exponentially distributed delays of a given mean. */
    final class Exponential implements DelayDistribution {
        private final Duration mean;
        private final double meanMillis;

        private Exponential(Duration mean) {
            Objects.requireNonNull(mean, "mean");
            if (mean.compareTo(Duration.ofMillis(1)) < 0 || mean.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("mean delay must be between 1 ms and 1 day, found " + mean);
            }
            this.mean = mean;
            this.meanMillis = mean.toNanos() / 1e6;
        }

        public Duration mean() {
            return mean;
        }

        @Override
        public long sampleMillis(SecureRandom random) {
            // Inverse transform: 1 - U is in (0, 1], so the logarithm is finite.
            double u = random.nextDouble();
            double d = -meanMillis * Math.log1p(-u);
            return Math.min(HopInstruction.MAX_DELAY_MILLIS, Math.round(d));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exponential e && e.mean.equals(mean);
        }

        @Override
        public int hashCode() {
            return mean.hashCode();
        }

        @Override
        public String toString() {
            return "exponential(mean=" + mean + ")";
        }
    }
}
