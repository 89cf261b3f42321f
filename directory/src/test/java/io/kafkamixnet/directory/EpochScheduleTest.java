package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EpochScheduleTest {

    private static final long HOUR = 3_600_000L;
    private static final long GRACE = 600_000L;
    private final EpochSchedule schedule = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));

    @Test
    void epochIsTheFloorOfTimeOverEpochLength() {
        assertThat(schedule.epochAt(0)).isZero();
        assertThat(schedule.epochAt(HOUR - 1)).isZero();
        assertThat(schedule.epochAt(HOUR)).isEqualTo(1);
        assertThat(schedule.epochAt(5 * HOUR + 123)).isEqualTo(5);
        assertThat(schedule.epochAt(-1)).isEqualTo(-1); // floor, not truncation
        long now = 1_760_000_000_000L;
        assertThat(schedule.epochAt(now)).isEqualTo(now / HOUR);
    }

    @Test
    void boundariesOfAnEpoch() {
        assertThat(schedule.startMillis(7)).isEqualTo(7 * HOUR);
        assertThat(schedule.endMillis(7)).isEqualTo(8 * HOUR);
        assertThat(schedule.graceUntilMillis(7)).isEqualTo(8 * HOUR + GRACE);
        assertThat(schedule.epochAt(schedule.startMillis(7))).isEqualTo(7);
        assertThat(schedule.epochAt(schedule.endMillis(7) - 1)).isEqualTo(7);
        assertThat(schedule.epochAt(schedule.endMillis(7))).isEqualTo(8);
    }

    @Test
    void acceptsCurrentNextAndPreviousWithinGrace() {
        long start8 = 8 * HOUR;
        // Just after the boundary: 7 is in grace, 8 is current, 9 is announced.
        assertThat(schedule.accepts(7, start8)).isTrue();
        assertThat(schedule.accepts(8, start8)).isTrue();
        assertThat(schedule.accepts(9, start8)).isTrue();
        assertThat(schedule.accepts(10, start8)).isFalse();
        assertThat(schedule.accepts(6, start8)).isFalse();
        assertThat(schedule.acceptedEpochs(start8)).containsExactly(7L, 8L, 9L);
        // Last millisecond of the grace, then the first one after it.
        assertThat(schedule.accepts(7, start8 + GRACE - 1)).isTrue();
        assertThat(schedule.accepts(7, start8 + GRACE)).isFalse();
        assertThat(schedule.acceptedEpochs(start8 + GRACE)).containsExactly(8L, 9L);
        // Last millisecond of epoch 8: 9 is next, not yet current, and accepted.
        assertThat(schedule.acceptedEpochs(9 * HOUR - 1)).containsExactly(8L, 9L);
    }

    @Test
    void nextChangeIsTheEndOfGraceThenTheNextBoundary() {
        long start8 = 8 * HOUR;
        assertThat(schedule.nextChangeMillis(start8)).isEqualTo(start8 + GRACE);
        assertThat(schedule.nextChangeMillis(start8 + GRACE - 1)).isEqualTo(start8 + GRACE);
        assertThat(schedule.nextChangeMillis(start8 + GRACE)).isEqualTo(9 * HOUR);
        assertThat(schedule.nextChangeMillis(9 * HOUR - 1)).isEqualTo(9 * HOUR);
    }

    @Test
    void zeroGraceAcceptsNoPreviousEpoch() {
        EpochSchedule noGrace = EpochSchedule.of(Duration.ofMinutes(5), Duration.ZERO);
        long boundary = noGrace.startMillis(3);
        assertThat(noGrace.accepts(2, boundary)).isFalse();
        assertThat(noGrace.accepts(2, boundary - 1)).isTrue();
        assertThat(noGrace.acceptedEpochs(boundary)).containsExactly(3L, 4L);
    }

    @Test
    void defaultsAreOneHourAndTenMinutes() {
        assertThat(EpochSchedule.defaults()).isEqualTo(schedule);
        assertThat(EpochSchedule.defaults().epochLength()).isEqualTo(Duration.ofHours(1));
        assertThat(EpochSchedule.defaults().grace()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesUnusableSettings() {
        assertThatThrownBy(() -> EpochSchedule.of(Duration.ofMillis(999), Duration.ZERO))
                .hasMessageContaining("at least 1 s")
                .hasMessageContaining("PT0.999S");
        assertThatThrownBy(() -> EpochSchedule.of(Duration.ofHours(1), Duration.ofHours(1)))
                .hasMessageContaining("shorter than the epoch length");
        assertThatThrownBy(() -> EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(-1)))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> EpochSchedule.of(Duration.ofSeconds(1).plusNanos(1), Duration.ZERO))
                .hasMessageContaining("whole number of milliseconds");
        assertThatThrownBy(() -> EpochSchedule.of(Duration.ofDays(400), Duration.ZERO))
                .hasMessageContaining("at most");
    }

    @Test
    void overflowIsAnErrorNotAWrongAnswer() {
        assertThatThrownBy(() -> schedule.startMillis(Long.MAX_VALUE / 1000)).isInstanceOf(ArithmeticException.class);
    }
}
