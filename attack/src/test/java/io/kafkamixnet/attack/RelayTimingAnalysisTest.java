package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayTimingAnalysisTest {

    private static final DelayModel HUNDRED_MS = new DelayModel(List.of(95L, 100L, 100L, 105L));

    /**
     * Releases at 1100 ms (offsets 0..3; the broker stamped its last produce batch 2 ms later) and 3000 ms
     * (offset 4), out of order as a tap might hand them.
     */
    private static final List<RelayObservation> OUTPUT = List.of(
            new RelayObservation(4, 3_000),
            new RelayObservation(0, 1_100),
            new RelayObservation(2, 1_100),
            new RelayObservation(1, 1_100),
            new RelayObservation(3, 1_102));

    @Test
    void cutsTheOutputIntoReleasesByTimestamp() {
        Releases releases = new Releases(OUTPUT);

        assertThat(releases.at(2).orElseThrow().size()).isEqualTo(4);
        assertThat(releases.at(2).orElseThrow().position()).isEqualTo(2);
        assertThat(releases.at(3).orElseThrow().size()).isEqualTo(4);
        assertThat(releases.at(3).orElseThrow().releaseMs()).isEqualTo(1_100);
        assertThat(releases.at(4).orElseThrow().size()).isEqualTo(1);
        assertThat(releases.at(4).orElseThrow().position()).isZero();
        assertThat(releases.at(9)).isEmpty();
    }

    @Test
    void aLonePacketIsLinkedWithCertainty() {
        RelayTimingAnalysis analysis = new RelayTimingAnalysis(HUNDRED_MS, new PositionPrior(), new Releases(OUTPUT));

        Map<Long, Double> p = analysis.posterior(2_900);

        assertThat(p).containsOnlyKeys(4L);
        assertThat(TimingAnalysis.guessCredit(p, 4L)).isEqualTo(1.0);
        assertThat(TimingAnalysis.entropyBits(p)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void withoutALearntOrderEveryRecordOfTheReleaseIsEquallyLikely() {
        RelayTimingAnalysis analysis = new RelayTimingAnalysis(HUNDRED_MS, new PositionPrior(), new Releases(OUTPUT));

        Map<Long, Double> p = analysis.posterior(1_000);

        assertThat(p).containsOnlyKeys(0L, 1L, 2L, 3L);
        assertThat(TimingAnalysis.guessCredit(p, 1L)).isCloseTo(0.25, within(1e-12));
        assertThat(TimingAnalysis.entropyBits(p)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aLearntOrderBiasNamesTheLikeliestPosition() {
        PositionPrior prior = new PositionPrior();
        for (int i = 0; i < 6; i++) {
            prior.learn(4, 3); // the real packet was last in 6 of 7 calibration releases
        }
        prior.learn(4, 0);
        RelayTimingAnalysis analysis = new RelayTimingAnalysis(HUNDRED_MS, prior, new Releases(OUTPUT));

        Map<Long, Double> p = analysis.posterior(1_000);

        // Laplace: (6 + 1) / (7 + 4) for the last position, (0 + 1) / 11 for an unseen one.
        assertThat(p.get(3L)).isCloseTo(7.0 / 11, within(1e-9));
        assertThat(p.get(1L)).isCloseTo(1.0 / 11, within(1e-9));
        assertThat(TimingAnalysis.guessCredit(p, 3L)).isEqualTo(1.0);
        assertThat(prior.probability(8, 5)).isCloseTo(1.0 / 8, within(1e-12)); // a size never seen
    }

    @Test
    void aPositionOutsideItsReleaseIsRefused() {
        assertThatThrownBy(() -> new PositionPrior().learn(4, 4)).hasMessageContaining("found position 4 of size 4");
    }
}
