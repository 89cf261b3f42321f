package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The n-1 base rate is the passive observer's chance, whatever the attacker achieved. */
class NMinusOneBaseRateTest {

    private static NMinusOneAttack.Trial linked(int outputs) {
        return new NMinusOneAttack.Trial(true, true, 2, 8, 1, 0.5, 0, outputs);
    }

    /** The target was released, the attacker did not single it out before the trial's deadline. */
    private static NMinusOneAttack.Trial unlinkedAfterRelease(int outputs) {
        return new NMinusOneAttack.Trial(false, false, 5, 20, 1, 30.0, 0, outputs);
    }

    /** The trial ended while the attacker was still flushing: no target was released. */
    private static NMinusOneAttack.Trial endedBeforeRelease() {
        return new NMinusOneAttack.Trial(false, false, 3, 12, 3, 30.0, 0, 0);
    }

    @Test
    void linkedTrialsAverageOneOverTheOutputsSinceTheRelease() {
        assertThat(NMinusOneAttack.baseRate(List.of(linked(4), linked(5)))).isCloseTo(0.225, within(1e-12));
    }

    @Test
    void aRunThatLinkedNothingStillHasTheObserversChance() {
        assertThat(NMinusOneAttack.baseRate(List.of(unlinkedAfterRelease(8), unlinkedAfterRelease(4))))
                .isCloseTo(0.1875, within(1e-12));
        assertThat(NMinusOneAttack.baseRate(List.of(linked(2), unlinkedAfterRelease(8))))
                .isCloseTo(0.3125, within(1e-12));
    }

    @Test
    void trialsWithoutAReleasedTargetSayNothingAboutIt() {
        assertThat(NMinusOneAttack.baseRate(List.of(linked(4), endedBeforeRelease())))
                .isCloseTo(0.25, within(1e-12));
        assertThat(NMinusOneAttack.baseRate(List.of(endedBeforeRelease()))).isNaN();
        assertThat(NMinusOneAttack.baseRate(List.of())).isNaN();
    }
}
