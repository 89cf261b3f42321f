package io.kafkamixnet.topology.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.internals.HeldIndex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContinuousReleaseTest {

    private final ContinuousRelease policy =
            new ContinuousRelease(Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ofSeconds(1));

    @Test
    void eachPacketIsDueAtArrivalPlusItsOwnDelayUpToTheMaximum() {
        assertThat(policy.releaseAtMillis(1000, 250)).isEqualTo(1250);
        assertThat(policy.admitsDelay(10_000)).isTrue();
        assertThat(policy.admitsDelay(10_001)).isFalse();
    }

    @Test
    void everyTickReleasesWhatIsDueEarliestFirstAndAnArrivalNothing() {
        assertThat(policy.tickInterval()).contains(Duration.ofMillis(5));
        HeldIndex held = new HeldIndex();
        held.add(Held.packet(0, 0, 30));
        held.add(Held.packet(1, 0, 10));
        held.add(Held.packet(2, 0, 20));
        assertThat(policy.onArrival(held, 100)).isEmpty();
        assertThat(policy.onTick(held, 9)).isEmpty();
        assertThat(policy.onTick(held, 20)).containsExactly(Held.packet(1, 0, 10), Held.packet(2, 0, 20));
    }

    @Test
    void releasedEntriesAreMarkedThenSweptEveryRekeyInterval() {
        assertThat(policy.forgetting()).isEqualTo(new Forgetting.MarkThenSweep(Duration.ofSeconds(1)));
    }
}
