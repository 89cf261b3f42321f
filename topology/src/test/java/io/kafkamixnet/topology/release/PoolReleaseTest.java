package io.kafkamixnet.topology.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.ChiSquare;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolReleaseTest {

    private final PoolRelease policy = new PoolRelease(Duration.ofSeconds(1), 4, 0.5, new SecureRandom());

    @Test
    void releaseCountIsMinOfHeldLessMinimumAndFloorOfTheFraction() {
        assertThat(PoolRelease.releaseCount(0, 4, 0.5)).isZero();
        assertThat(PoolRelease.releaseCount(4, 4, 0.5)).isZero();
        assertThat(PoolRelease.releaseCount(5, 4, 0.5)).isEqualTo(1);
        assertThat(PoolRelease.releaseCount(12, 4, 0.5)).isEqualTo(6);
        assertThat(PoolRelease.releaseCount(3, 0, 1.0)).isEqualTo(3);
        assertThat(PoolRelease.releaseCount(3, 0, 0.3)).isZero();
    }

    @Test
    void eachTickReleasesThatManyDistinctHeldPacketsAndAnArrivalNone() {
        assertThat(policy.tickInterval()).contains(Duration.ofSeconds(1));
        var held = Held.arrivedAt(0, 12);
        assertThat(policy.onArrival(held, 0)).isEmpty();
        List<HeldPacket> out = policy.onTick(held, 1000);
        assertThat(out).hasSize(6).doesNotHaveDuplicates().isSubsetOf(held.all());
        assertThat(policy.onTick(Held.arrivedAt(0, 4), 1000))
                .as("the last nMin stay")
                .isEmpty();
        assertThat(policy.forgetting()).isInstanceOf(Forgetting.MarkThenSweepWhenOutnumbered.class);
        assertThat(policy.releaseAtMillis(5, 100)).isEqualTo(5);
    }

    @Test
    void everyHeldPacketIsEquallyLikelyToBeChosen() {
        int n = 10;
        long[] chosen = new long[n];
        var held = Held.arrivedAt(0, n);
        for (int round = 0; round < 20_000; round++) {
            for (HeldPacket p : policy.onTick(held, 0)) { // 5 of 10
                chosen[p.key().get()[0]]++;
            }
        }
        assertThat(ChiSquare.uniformStatistic(chosen)).isLessThan(ChiSquare.critical(n - 1));
    }
}
