package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixnet demo --defences} on a real broker: the forward mixers top up thin flushes with dummies and
 * send heartbeat loops that come back, every reply still arrives, and the summary shows dummies, loops
 * sent and back and the alarm state per mixer (docs/defences.md).
 */
@ExtendWith(KafkaClusterExtension.class)
class DemoDefencesIT {

    @Test
    void theSummaryShowsDummiesLoopsAndAlarmStatePerMixer(KafkaCluster cluster, @TempDir Path work) throws Exception {
        // Few requests, no client cover: timed flushes (1 s) hold fewer packets than dummy.min-batch, so they
        // are topped up; the run lasts long enough for loops (2/s) to come back.
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(2, 4)
                .withMeanRequestInterval(Duration.ofMillis(1500))
                .withCover(0)
                .withDefences(true);
        DemoOutcome outcome;
        try (DemoNetwork network = DemoNetwork.start(
                ClientSettings.of(cluster.bootstrapServers(), EndToEndIT.strings(cluster)), settings, work, s -> {})) {
            outcome = new DemoTraffic(network).run(p -> {});
        }
        assertThat(outcome.succeeded())
                .as("all %d replies matched, failures %s", outcome.requests(), outcome.failures())
                .isTrue();

        List<DemoOutcome.MixerSummary> forward = outcome.mixers().values().stream()
                .filter(m -> m.role().equals("forward"))
                .toList();
        assertThat(forward).hasSize(2);
        forward.forEach(m -> {
            assertThat(m.loopsSent()).as("loops sent").isPositive();
            assertThat(m.alarm()).as("alarm with honest traffic").isFalse();
            assertThat(m.rejections()).as("rejections").isEmpty();
        });
        assertThat(forward.stream().mapToLong(DemoOutcome.MixerSummary::dummies).sum())
                .as("dummies topping up thin flushes")
                .isPositive();
        assertThat(forward.stream()
                        .mapToLong(DemoOutcome.MixerSummary::loopsReturned)
                        .sum())
                .as("loops back")
                .isPositive();

        StringWriter printed = new StringWriter();
        outcome.print(new PrintWriter(printed, true));
        assertThat(printed.toString()).contains("dummies", "loops sent", "loops back", "alarm");
        outcome.mixers()
                .forEach((id, m) -> assertThat(printed.toString())
                        .containsPattern("(?m)^  " + id + " +" + m.dummies() + " +" + m.loopsSent() + " +"
                                + m.loopsReturned() + " +" + (m.loopsSent() == 0 ? "-" : "ok")));
    }
}
