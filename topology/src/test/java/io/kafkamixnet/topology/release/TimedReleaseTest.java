package io.kafkamixnet.topology.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimedReleaseTest {

    private final TimedRelease policy = new TimedRelease(Duration.ofSeconds(2));

    @Test
    void ticksAtTheIntervalAndReleasesEverythingHeldThenAndNeverOnArrival() {
        assertThat(policy.tickInterval()).contains(Duration.ofSeconds(2));
        var held = Held.arrivedAt(100, 7);
        assertThat(policy.onArrival(held, 100)).isEmpty();
        assertThat(policy.onTick(held, 2100)).containsExactlyInAnyOrderElementsOf(held.all());
        assertThat(policy.onTick(Held.arrivedAt(0, 0), 4100)).isEmpty();
    }

    @Test
    void ignoresHopDelaysAndSweepsAtRelease() {
        assertThat(policy.admitsDelay(Long.MAX_VALUE)).isTrue();
        assertThat(policy.releaseAtMillis(100, 5000)).isEqualTo(100);
        assertThat(policy.forgetting()).isInstanceOf(Forgetting.AllLeave.class);
    }
}
