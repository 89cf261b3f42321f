package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void summarisesMinMeanMedianP95AndMax() {
        Stats s = Stats.of(List.of(4, 1, 3, 2));

        assertThat(s).isEqualTo(new Stats(4, 1, 2.5, 2.5, 4, 4));
    }

    @Test
    void p95IsTheNearestRank() {
        List<Integer> values = new java.util.ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add(i);
        }
        assertThat(Stats.of(values).p95()).isEqualTo(95);
    }

    @Test
    void noValuesIsAllZero() {
        assertThat(Stats.of(List.of())).isEqualTo(new Stats(0, 0, 0, 0, 0, 0));
    }
}
