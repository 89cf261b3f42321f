package io.kafkamixnet.topology.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdReleaseTest {

    @Test
    void theArrivalOfTheNthPacketReleasesExactlyTheNHeld() {
        ThresholdRelease policy = new ThresholdRelease(5, Optional.empty());
        assertThat(policy.onArrival(Held.arrivedAt(0, 4), 0)).isEmpty();
        var five = Held.arrivedAt(0, 5);
        assertThat(policy.onArrival(five, 0)).hasSize(5).containsExactlyInAnyOrderElementsOf(five.all());
        assertThat(policy.admitsDelay(Long.MAX_VALUE)).isTrue();
        assertThat(policy.releaseAtMillis(7, 1000)).isEqualTo(7);
        assertThat(policy.forgetting()).isInstanceOf(Forgetting.AllLeave.class);
    }

    @Test
    void withoutMaxWaitThereIsNoTickAndATickReleasesNothing() {
        ThresholdRelease policy = new ThresholdRelease(5, Optional.empty());
        assertThat(policy.tickInterval()).isEmpty();
        assertThat(policy.onTick(Held.arrivedAt(0, 4), Long.MAX_VALUE / 2)).isEmpty();
    }

    @Test
    void withMaxWaitEverythingLeavesOnceTheOldestHasWaitedThatLong() {
        ThresholdRelease policy = new ThresholdRelease(100, Optional.of(Duration.ofSeconds(2)));
        assertThat(policy.tickInterval()).contains(Duration.ofMillis(200));
        var held = new io.kafkamixnet.topology.internals.HeldIndex();
        held.add(Held.packet(0, 1000, 1000));
        held.add(Held.packet(1, 2500, 2500));
        assertThat(policy.onTick(held, 2999)).isEmpty();
        assertThat(policy.onTick(held, 3000)).containsExactlyInAnyOrderElementsOf(held.all());
        assertThat(policy.onTick(Held.arrivedAt(0, 0), 10_000)).isEmpty();
    }

    @Test
    void theMaxWaitTickIsATenthOfTheWaitBetween5msAnd1s() {
        assertThat(new ThresholdRelease(2, Optional.of(Duration.ofMillis(20))).tickInterval())
                .contains(Duration.ofMillis(5));
        assertThat(new ThresholdRelease(2, Optional.of(Duration.ofMillis(70))).tickInterval())
                .contains(Duration.ofMillis(7));
        assertThat(new ThresholdRelease(2, Optional.of(Duration.ofMinutes(5))).tickInterval())
                .contains(Duration.ofSeconds(1));
    }
}
