package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.release.ContinuousRelease;
import io.kafkamixnet.topology.release.PoolRelease;
import io.kafkamixnet.topology.release.ThresholdRelease;
import io.kafkamixnet.topology.release.TimedRelease;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each strategy creates its own release policy, with its own settings. */
class MixingStrategyPolicyTest {

    @Test
    void eachStrategyCreatesItsPolicy() {
        assertThat(new MixingStrategy.Timed(Duration.ofSeconds(3)).releasePolicy())
                .isInstanceOf(TimedRelease.class)
                .satisfies(p -> assertThat(p.tickInterval()).contains(Duration.ofSeconds(3)));
        assertThat(new MixingStrategy.Threshold(4, Optional.empty()).releasePolicy())
                .isInstanceOf(ThresholdRelease.class)
                .satisfies(p -> assertThat(p.tickInterval()).isEmpty());
        assertThat(new MixingStrategy.Pool(Duration.ofSeconds(2), 3, 0.5).releasePolicy())
                .isInstanceOf(PoolRelease.class)
                .satisfies(p -> assertThat(p.tickInterval()).contains(Duration.ofSeconds(2)));
        assertThat(MixingStrategy.Continuous.defaults().releasePolicy())
                .isInstanceOf(ContinuousRelease.class)
                .satisfies(p -> assertThat(p.tickInterval()).contains(MixingStrategy.Continuous.MAX_TICK))
                .satisfies(p -> assertThat(p.admitsDelay(Duration.ofHours(1).toMillis() + 1))
                        .isFalse());
    }

    @Test
    void thePoolRecordsReleaseCountIsThePolicysRule() {
        var pool = new MixingStrategy.Pool(Duration.ofSeconds(1), 10, 0.5);
        for (long held = 0; held < 50; held++) {
            assertThat(pool.releaseCount(held)).isEqualTo(PoolRelease.releaseCount(held, 10, 0.5));
        }
    }
}
