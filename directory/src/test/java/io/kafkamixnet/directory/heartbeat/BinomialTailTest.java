package io.kafkamixnet.directory.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinomialTailTest {

    @Test
    void agreesWithHandComputedValues() {
        // P(X <= 0 | n = 7, p = 0.9) = 0.1^7
        assertThat(BinomialTail.atMost(0, 7, 0.9)).isCloseTo(1e-7, within(1e-12));
        // P(X <= 1 | n = 3, p = 0.5) = (1 + 3) / 8
        assertThat(BinomialTail.atMost(1, 3, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(BinomialTail.atMost(3, 3, 0.5)).isEqualTo(1.0);
        assertThat(BinomialTail.atMost(-1, 3, 0.5)).isZero();
        assertThat(BinomialTail.atMost(0, 0, 0.9)).isEqualTo(1.0);
    }

    @Test
    void staysFiniteAndMonotoneForLargeN() {
        double previous = 0;
        for (int k = 0; k <= 10_000; k += 500) {
            double p = BinomialTail.atMost(k, 10_000, 0.9);
            assertThat(p).isBetween(previous, 1.0);
            previous = p;
        }
        // Mean 9000, sd 30: 5 sd below the mean is about 2.9e-7 (normal approximation).
        assertThat(BinomialTail.atMost(8850, 10_000, 0.9)).isBetween(1e-8, 1e-5);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> BinomialTail.atMost(1, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinomialTail.atMost(1, 3, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
