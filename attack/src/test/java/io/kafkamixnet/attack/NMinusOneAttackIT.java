package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class NMinusOneAttackIT {

    @Test
    void linksTheTargetOnAnUndefendedThresholdMixInNearlyEveryTrial(KafkaCluster kafka, @TempDir Path work)
            throws Exception {
        ClientSettings cluster = Clusters.settings(kafka);
        try (MixerUnderAttack mixer =
                MixerUnderAttack.start(cluster, AttackStrategy.THRESHOLD, work, Duration.ofSeconds(60))) {
            NMinusOneAttack.Settings settings = new NMinusOneAttack.Settings(
                    20, 3, 2.0, AttackStrategy.THRESHOLD.defaultFlood(), Duration.ofSeconds(30));
            AttackResult result = new NMinusOneAttack(cluster, mixer, settings).run((done, total, ok) -> {});

            assertThat(result.attack()).isEqualTo("n-1");
            assertThat(result.strategy()).isEqualTo("threshold");
            assertThat(result.trials()).isEqualTo(20);
            // By construction: once the attacker flushed the mix, the batch holds the target and n-1 of its
            // own packets, so the one foreign output is the target. Only a timeout on a very slow machine
            // could cost a trial.
            assertThat(result.successes()).isGreaterThanOrEqualTo(18);
            assertThat(result.notes()).containsEntry("wrongLinks", 0);
            // A threshold batch of 5 leaves together: a passive observer's chance is 1/5.
            assertThat(result.baseRate()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.05));
            assertThat(result.rounds().mean()).isGreaterThanOrEqualTo(1);
            assertThat(result.packets().min()).isGreaterThanOrEqualTo(AttackStrategy.THRESHOLD_BATCH - 1);
        }
    }
}
