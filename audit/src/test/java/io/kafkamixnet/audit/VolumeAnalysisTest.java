package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kafkamixnet.audit.ProducerVolume.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-producer volume tests on simulated arrival times: their false-alarm rate is what they state (the
 * calibration a test of "statistically honest" needs), a burst on top of cover is found, a constant rate
 * with a burst of real requests inside it is not. Seeded: the simulations reproduce run to run.
 */
class VolumeAnalysisTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final ActivityPeriod BURST =
            new ActivityPeriod(Instant.ofEpochMilli(T0 + 100_000), Instant.ofEpochMilli(T0 + 200_000));

    /** Arrival times of a Poisson process of {@code rate(t)} per second over {@code seconds}, by thinning. */
    private static long[] arrivals(
            Random random, double seconds, double maxRate, java.util.function.DoubleUnaryOperator rate) {
        List<Long> out = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / maxRate;
            if (t >= seconds) {
                break;
            }
            if (random.nextDouble() * maxRate < rate.applyAsDouble(t)) {
                out.add(T0 + (long) (t * 1000));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static VolumeSettings settings(double alpha, ActivityPeriod... activity) {
        return new VolumeSettings(Duration.ofSeconds(10), List.of(activity), alpha);
    }

    @Test
    void aConstantPoissonRateIsFlaggedAtTheStatedFalseAlarmRate() {
        Random random = new Random(20261130);
        int trials = 2000;
        int dispersionAlarms = 0;
        int rateAlarms = 0;
        for (int i = 0; i < trials; i++) {
            long[] t = arrivals(random, 300, 5, x -> 5);
            ProducerVolume v = VolumeAnalysis.testOne(1, "in", t, settings(0.05, BURST));
            dispersionAlarms += v.dispersion().verdict() == Verdict.VARIES ? 1 : 0;
            rateAlarms += v.activity().verdict() == Verdict.VARIES ? 1 : 0;
        }
        System.out.printf(
                "VolumeAnalysisTest: %d constant-rate series (5/s, 300 s, windows of 10 s) at alpha 0.05:"
                        + " dispersion test flagged %.2f %%, exact rate test flagged %.2f %%%n",
                trials, 100.0 * dispersionAlarms / trials, 100.0 * rateAlarms / trials);
        // 5 % nominal; the binomial spread over 2000 trials is ±0.5 %. The dispersion test's χ² approximation
        // is good at 50 packets a window; the exact rate test is conservative (discrete), never liberal.
        assertThat(dispersionAlarms / (double) trials).isBetween(0.035, 0.065);
        assertThat(rateAlarms / (double) trials).isBetween(0.025, 0.065);
    }

    @Test
    void requestsSentOnTopOfCoverShowInTheVolume() {
        // Cover 2/s throughout, plus 5 requests/s for 100 s in the middle.
        long[] t = arrivals(new Random(7), 300, 7, x -> x >= 100 && x < 200 ? 7 : 2);
        ProducerVolume v = VolumeAnalysis.testOne(42, "mix-1.in", t, settings(0.01, BURST));
        assertThat(v.dispersion().verdict()).isEqualTo(Verdict.VARIES);
        assertThat(v.dispersion().pValue()).isLessThan(1e-12);
        assertThat(v.dispersion().index()).isGreaterThan(5);
        assertThat(v.activity().verdict()).isEqualTo(Verdict.VARIES);
        assertThat(v.activity().pValue()).isLessThan(1e-12);
        assertThat(v.activity().rateRatio()).isCloseTo(3.5, within(0.5));
        assertThat(v.verdict()).isEqualTo(Verdict.VARIES);
    }

    @Test
    void aShapedScheduleLooksTheSameWhateverFillsItsSlots() {
        // Rate shaping: 8 slots/s whatever the client does; which slots carry requests is not in the log.
        long[] t = arrivals(new Random(8), 300, 8, x -> 8);
        ProducerVolume v = VolumeAnalysis.testOne(43, "mix-1.in", t, settings(0.01, BURST));
        assertThat(v.dispersion().verdict()).isEqualTo(Verdict.CONSTANT_RATE);
        assertThat(v.activity().verdict()).isEqualTo(Verdict.CONSTANT_RATE);
        assertThat(v.activity().rateRatio()).isCloseTo(1.0, within(0.15));
        assertThat(v.verdict()).isEqualTo(Verdict.CONSTANT_RATE);
    }

    @Test
    void onlyWholeWindowsBetweenTheFirstAndTheLastRecordAreCounted() {
        long[] t = new long[81];
        for (int i = 0; i <= 80; i++) {
            t[i] = 1_500 + i * 100L;
        }
        ProducerVolume v =
                VolumeAnalysis.testOne(1, "in", t, new VolumeSettings(Duration.ofSeconds(1), List.of(), 0.01));
        assertThat(v.windowStartMillis()).isEqualTo(2_000);
        assertThat(v.counts()).hasSize(7).containsOnly(10);
        // Perfectly regular: no more variable than Poisson, never flagged by the one-sided test.
        assertThat(v.dispersion().chiSquare()).isZero();
        assertThat(v.dispersion().pValue()).isEqualTo(1.0);
        assertThat(v.dispersion().verdict()).isEqualTo(Verdict.CONSTANT_RATE);
        assertThat(v.activity()).isNull();
    }

    @Test
    void tooFewWindowsAreNotTested() {
        long[] t = {T0, T0 + 5_000, T0 + 25_000};
        ProducerVolume v = VolumeAnalysis.testOne(1, "in", t, settings(0.01));
        assertThat(v.dispersion().verdict()).isEqualTo(Verdict.NOT_TESTED);
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_TESTED);
    }

    @Test
    void theExactRateTestsPValueIsRsBinomTest() {
        // R: binom.test(7, 20)$p.value = 0.2631760; binom.test(c(682, 243), p = 3/4)$p.value = 0.3824916.
        assertThat(VolumeAnalysis.twoSidedBinomialP(20, 7, 0.5)).isCloseTo(0.2631760, within(1e-6));
        assertThat(VolumeAnalysis.twoSidedBinomialP(925, 682, 0.75)).isCloseTo(0.3824916, within(1e-6));
        assertThat(VolumeAnalysis.twoSidedBinomialP(10, 5, 0.5)).isEqualTo(1.0);
        for (int n = 1; n <= 60; n++) {
            for (int k = 0; k <= n; k++) {
                for (double q : new double[] {0.07, 0.37, 0.5, 0.93}) {
                    assertThat(VolumeAnalysis.twoSidedBinomialP(n, k, q)).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void overlappingActivityPeriodsAreCountedOnce() {
        List<ActivityPeriod> periods = List.of(
                new ActivityPeriod(Instant.ofEpochMilli(100), Instant.ofEpochMilli(300)),
                new ActivityPeriod(Instant.ofEpochMilli(200), Instant.ofEpochMilli(400)),
                new ActivityPeriod(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000)));
        assertThat(VolumeAnalysis.activeMillis(periods, 0, 1500)).isEqualTo(300 + 500);
        assertThat(VolumeAnalysis.activeMillis(periods, 250, 350)).isEqualTo(100);
    }

    @Test
    void activityPeriodsAreParsedOrRefusedWithTheExpectedForm() {
        ActivityPeriod p = ActivityPeriod.parse("2026-11-30T05:00:00Z/2026-11-30T05:00:30Z");
        assertThat(p.from()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2026-11-30T05:00:30Z"));
        assertThatThrownBy(() -> ActivityPeriod.parse("2026-11-30T05:00:00Z")).hasMessageContaining("expected FROM/TO");
        assertThatThrownBy(() -> ActivityPeriod.parse("2026-11-30T05:00:30Z/2026-11-30T05:00:00Z"))
                .hasMessageContaining("must start before it ends");
        assertThatThrownBy(() -> ActivityPeriod.parse("yesterday/today")).hasMessageContaining("ISO-8601");
    }
}
