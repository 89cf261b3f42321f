package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timing attack on a live timed mixer, on an embedded broker whose log directory the adversary
 * reads: senders are derived from producer ids in the log segments, and the result is reported
 * against the base rate. Asserts structure and sanity, not rates (they depend on a busy machine).
 */
class TimingAttackIT {

    @Test
    void derivesSendersFromTheLogSegmentsAndReportsSuccessAgainstTheBaseRate(@TempDir Path work) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ClientSettings cluster = ClientSettings.of(broker.bootstrapServers());
            try (MixerUnderAttack mixer =
                    MixerUnderAttack.start(cluster, AttackStrategy.TIMED, work, Duration.ofSeconds(60))) {
                TimingAttack.Settings settings = new TimingAttack.Settings(
                        4,
                        2.0,
                        List.of(0.0, 3.0),
                        Duration.ofSeconds(6),
                        4.0,
                        Optional.of(broker.dataDir().resolve("logs")));
                List<AttackResult> results =
                        new TimingAttack(cluster, mixer, settings).run((cover, elapsed, total, seen) -> {});

                assertThat(results).hasSize(2);
                for (AttackResult r : results) {
                    assertThat(r.attack()).isEqualTo("timing");
                    assertThat(r.strategy()).isEqualTo("timed");
                    assertThat(r.notes()).containsEntry("entryView", "broker-log-segments");
                    // Four clients, four producer ids: the adversary's anonymity set, derived from the log.
                    assertThat(r.notes()).containsEntry("sendersSeenAtEntry", 4);
                    assertThat(r.baseRate()).isCloseTo(0.25, within(1e-9));
                    assertThat(r.trials()).isPositive();
                    assertThat(r.successes()).isBetween(0.0, (double) r.trials());
                    assertThat((Integer) r.notes().get("probesSeenAtExit")).isPositive();
                    assertThat((Double) r.notes().get("meanEntropyBits")).isBetween(0.0, 2.0 + 1e-9);
                }
                assertThat(results.get(0).defences()).containsEntry("coverRate", 0.0);
                assertThat(results.get(0).notes()).containsEntry("coverPacketsSent", 0);
                assertThat(results.get(1).defences()).containsEntry("coverRate", 3.0);
                assertThat((Integer) results.get(1).notes().get("coverPacketsSent"))
                        .isPositive();

                Path json = work.resolve("attack.json");
                new AttackReport("embedded", Instant.now(), results).writeJson(json);
                JsonNode root = new ObjectMapper().readTree(json.toFile());
                assertThat(root.get("formatVersion").asInt()).isEqualTo(AttackReport.FORMAT_VERSION);
                JsonNode row = root.get("results").get(1);
                assertThat(row.get("attack").asText()).isEqualTo("timing");
                assertThat(row.get("defences").get("coverRate").asDouble()).isEqualTo(3.0);
                assertThat(row.get("baseRate").asDouble()).isCloseTo(0.25, within(1e-9));
                assertThat(row.has("successRate")).isTrue();
                assertThat(row.get("mixer").get("strategy").asText()).isEqualTo("timed");
            }
        }
    }
}
