package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimingAnalysisTest {

    private static final DelayModel HUNDRED_MS = new DelayModel(List.of(95L, 100L, 100L, 105L));

    @Test
    void namesTheSenderWhoseEntryFitsTheLearntDelay() {
        List<EntryObservation> entries = List.of(
                new EntryObservation(0, 1_000, "alice"),
                new EntryObservation(1, 1_300, "bob"),
                new EntryObservation(2, 1_050, "me"));
        TimingAnalysis analysis = new TimingAnalysis(HUNDRED_MS, entries, "me");

        Map<String, Double> p = analysis.posterior(1_100);

        assertThat(analysis.senders()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(p.get("alice")).isCloseTo(1.0, within(1e-9));
        assertThat(TimingAnalysis.guessCredit(p, "alice")).isEqualTo(1.0);
        assertThat(TimingAnalysis.guessCredit(p, "bob")).isZero();
        assertThat(TimingAnalysis.entropyBits(p)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void anExitBeforeEveryEntryCannotBeLinkedAndIsUniform() {
        List<EntryObservation> entries =
                List.of(new EntryObservation(0, 5_000, "alice"), new EntryObservation(1, 5_000, "bob"));
        TimingAnalysis analysis = new TimingAnalysis(HUNDRED_MS, entries, "me");

        Map<String, Double> p = analysis.posterior(1_000);

        assertThat(p).containsOnlyKeys("alice", "bob");
        assertThat(p.get("alice")).isCloseTo(0.5, within(1e-12));
        assertThat(TimingAnalysis.entropyBits(p)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void equalEvidenceIsATieWorthOneOverK() {
        List<EntryObservation> entries = List.of(
                new EntryObservation(0, 1_000, "alice"),
                new EntryObservation(1, 1_000, "bob"),
                new EntryObservation(2, 1_000, "carol"));
        TimingAnalysis analysis = new TimingAnalysis(HUNDRED_MS, entries, "me");

        Map<String, Double> p = analysis.posterior(1_100);

        assertThat(TimingAnalysis.guessCredit(p, "bob")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(TimingAnalysis.entropyBits(p)).isCloseTo(Math.log(3) / Math.log(2), within(1e-9));
    }

    @Test
    void volumeCounts_aSenderWithTwiceTheFittingEntriesIsTwiceAsLikely() {
        List<EntryObservation> entries = List.of(
                new EntryObservation(0, 1_000, "alice"),
                new EntryObservation(1, 1_000, "alice"),
                new EntryObservation(2, 1_000, "bob"));
        Map<String, Double> p = new TimingAnalysis(HUNDRED_MS, entries, "me").posterior(1_100);

        assertThat(p.get("alice")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(p.get("bob")).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void leavingBeforeEnteringHasNoDensity() {
        assertThat(HUNDRED_MS.density(-50)).isZero();
        assertThat(HUNDRED_MS.density(100)).isGreaterThan(HUNDRED_MS.density(160));
        assertThat(HUNDRED_MS.bandwidthMs()).isGreaterThanOrEqualTo(DelayModel.MIN_BANDWIDTH_MS);
        assertThat(HUNDRED_MS.horizonMs()).isGreaterThan(105);
    }

    @Test
    void aDelayModelNeedsAProbe() {
        assertThatThrownBy(() -> new DelayModel(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one probe delay");
    }
}
