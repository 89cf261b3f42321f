package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinomialTailTest {

    @Test
    void tailsMatchHandComputedValues() {
        // Binomial(4, 1/2): P(X >= 3) = (4 + 1) / 16.
        assertThat(BinomialTail.atLeast(4, 0.5, 3)).isCloseTo(5.0 / 16, within(1e-12));
        assertThat(BinomialTail.atLeast(4, 0.5, 0)).isEqualTo(1.0);
        assertThat(BinomialTail.atLeast(4, 0.5, 5)).isEqualTo(0.0);
        // A fractional count (tied guesses) needs the next whole success.
        assertThat(BinomialTail.atLeast(4, 0.5, 2.5)).isCloseTo(5.0 / 16, within(1e-12));
        // Binomial(10, 1/8): P(X = 10) = 8^-10.
        assertThat(BinomialTail.atLeast(10, 0.125, 10)).isCloseTo(Math.pow(8, -10), within(1e-20));
    }

    @Test
    void thresholdIsTheFirstCountWhoseTailIsSmallEnough() {
        int k = BinomialTail.threshold(32, 0.125, 1e-6);
        assertThat(BinomialTail.atLeast(32, 0.125, k)).isLessThanOrEqualTo(1e-6);
        assertThat(BinomialTail.atLeast(32, 0.125, k - 1)).isGreaterThan(1e-6);
        // Far above the mean of 4, far below certainty.
        assertThat(k).isBetween(12, 20);
        assertThat(BinomialTail.threshold(5, 1.0, 1e-6)).isEqualTo(6);
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThatThrownBy(() -> BinomialTail.atLeast(-1, 0.5, 0))
                .hasMessageContaining("trials must be 0 or more, found -1");
        assertThatThrownBy(() -> BinomialTail.atLeast(3, 1.5, 0))
                .hasMessageContaining("a probability must be in [0, 1], found 1.5");
        assertThatThrownBy(() -> BinomialTail.threshold(3, 0.5, 0)).hasMessageContaining("tail must be in (0, 1)");
    }
}
