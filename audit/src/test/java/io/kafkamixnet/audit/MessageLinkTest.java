package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLinkTest {

    private static final long HONEST = 7;
    private static final long MIXER = AnonymityAnalysis.mixerSender(0);

    @Test
    void aFlushOfOneRealPacketToppedUpToEightHidesItUniformly() {
        List<OutputLink> flush = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            flush.add(output(Distribution.normalise(Map.of(HONEST, 1.0 / 8, MIXER, 7.0 / 8))));
        }
        MessageLink m = MessageLink.of(HONEST, flush);
        assertThat(m.entropy()).isCloseTo(3.0, within(1e-12));
        assertThat(m.bestGuess()).isCloseTo(0.125, within(1e-12));
        assertThat(m.overOutputs().support()).isEqualTo(8);
    }

    @Test
    void aMessageThatCanOnlyBeOneOutputIsLinked() {
        List<OutputLink> outputs = List.of(output(Distribution.point(HONEST)), output(Distribution.point(MIXER)));
        MessageLink m = MessageLink.of(HONEST, outputs);
        assertThat(m.entropy()).isZero();
        assertThat(m.bestGuess()).isEqualTo(1.0);
        assertThat(m.overOutputs().probabilities()).containsOnlyKeys(0L);
    }

    @Test
    void unequalOutputsWeighTheLinkByEachOutputsProbability() {
        List<OutputLink> outputs = List.of(
                output(Distribution.normalise(Map.of(HONEST, 0.75, 9L, 0.25))),
                output(Distribution.normalise(Map.of(HONEST, 0.25, 9L, 0.75))));
        MessageLink m = MessageLink.of(HONEST, outputs);
        assertThat(m.bestGuess()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aSenderInNoOutputIsAnError() {
        assertThatThrownBy(() -> MessageLink.of(HONEST, List.of(output(Distribution.point(MIXER)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found none of 1");
    }

    private static OutputLink output(Distribution senders) {
        return new OutputLink(null, OutputKind.NEXT_HOP, null, senders, senders, 1);
    }
}
