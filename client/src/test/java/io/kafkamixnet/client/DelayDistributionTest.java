package io.kafkamixnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayDistributionTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void zeroIsAlwaysZero() {
        for (int i = 0; i < 100; i++) {
            assertThat(DelayDistribution.zero().sampleMillis(RANDOM)).isZero();
        }
    }

    @Test
    void exponentialHasItsMeanAndShape() {
        // 100,000 draws of Exp(mean 200 ms): the sample mean has standard deviation 200/sqrt(1e5) ~ 0.63 ms,
        // so +-5 ms is ~8 sigma. P(X > mean) = 1/e ~ 0.368 and P(X > 3 mean) = e^-3 ~ 0.0498.
        DelayDistribution d = DelayDistribution.exponential(Duration.ofMillis(200));
        int n = 100_000;
        double sum = 0;
        int aboveMean = 0;
        int aboveThreeMeans = 0;
        for (int i = 0; i < n; i++) {
            long x = d.sampleMillis(RANDOM);
            assertThat(x).isNotNegative();
            sum += x;
            aboveMean += x > 200 ? 1 : 0;
            aboveThreeMeans += x > 600 ? 1 : 0;
        }
        assertThat(sum / n).isBetween(195.0, 205.0);
        assertThat(aboveMean / (double) n).isBetween(0.355, 0.381);
        assertThat(aboveThreeMeans / (double) n).isBetween(0.044, 0.056);
    }

    @Test
    void meanIsValidated() {
        assertThatThrownBy(() -> DelayDistribution.exponential(Duration.ZERO))
                .hasMessageContaining("between 1 ms and 1 day");
        assertThatThrownBy(() -> DelayDistribution.exponential(Duration.ofDays(2)))
                .hasMessageContaining("between 1 ms and 1 day");
        assertThat(DelayDistribution.exponential(Duration.ofMillis(5))).hasToString("exponential(mean=PT0.005S)");
    }
}
