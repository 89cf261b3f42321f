package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The n-1 attack on a threshold mix before and after heartbeat loops, in one run: the same attack, the same
 * settings, once on an undefended mixer and once on one with {@link MixerDefences#HEARTBEAT} (loops through
 * a peer mixer, {@code heartbeat.hold}, {@code heartbeat.loops-per-batch=1}). The attacker's gate holds
 * back everything that enters the mixer — the honest senders' packets and, without knowing it, the loops
 * coming back through the peer.
 *
 * <p>Asserted: undefended, the attack links the target in at least 90 % of trials (it cannot fail by
 * construction but for a timeout); defended, in at most 10 %, and the mixer's heartbeat test raised its
 * alarm (detection) at least once. Not asserted: timings (the table printed gives them). Trials:
 * {@code -Dmixnet.attack.trials} (default 8 in the build: every defended trial runs to its timeout; 100 with the property).
 */
@ExtendWith(KafkaClusterExtension.class)
class NMinusOneDefencesIT {

    @Test
    void heartbeatLoopsWithHoldStopTheAttackThatLinksAnUndefendedThresholdMix(KafkaCluster kafka, @TempDir Path work)
            throws Exception {
        ClientSettings cluster = Clusters.settings(kafka);
        int trials = Integer.getInteger("mixnet.attack.trials", 8);
        NMinusOneAttack.Settings settings = new NMinusOneAttack.Settings(
                trials, 3, 2.0, AttackStrategy.THRESHOLD.defaultFlood(), Duration.ofSeconds(10));
        List<AttackResult> rows = new ArrayList<>();
        for (MixerDefences d : List.of(MixerDefences.NONE, MixerDefences.HEARTBEAT)) {
            try (MixerUnderAttack mixer = MixerUnderAttack.start(
                    cluster, AttackStrategy.THRESHOLD, work.resolve(d.label()), Duration.ofSeconds(60), d, Map.of())) {
                rows.add(new NMinusOneAttack(cluster, mixer, settings).run((done, total, ok) -> {}));
            }
        }
        AttackReport report = new AttackReport("embedded", Instant.now(), rows);
        StringWriter table = new StringWriter();
        report.printTable(new PrintWriter(table));
        System.out.println(table);
        for (AttackResult r : rows) {
            System.out.println(r.defences().get("preset") + " notes: " + r.notes());
        }

        AttackResult before = rows.get(0);
        AttackResult after = rows.get(1);
        assertThat(before.defences()).containsEntry("preset", "none");
        assertThat(after.defences()).containsEntry("preset", "heartbeat");
        assertThat(after.defences().get("mixerProperties").toString()).contains("heartbeat.hold=true");
        assertThat(before.successes()).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * trials));
        assertThat(after.successes()).isLessThanOrEqualTo(trials / 10);
        assertThat((Long) after.notes().get("heartbeatAlarmsRaised")).isGreaterThanOrEqualTo(1L);
        assertThat((Long) after.notes().get("loopsReturned")).isPositive();
    }
}
