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
 * Timing correlation at a timed mixer's relay output before and after {@code dummy.min-batch=8}, in one run
 * with the same honest load: one sender, one packet per trial, alone in its interval (the seed's timed-mix
 * weakness), on a two-hop route through a peer mixer.
 *
 * <p>Asserted: undefended, the target is its release's only record (base rate 1) and the adversary links it
 * in at least 90 % of trials (it cannot miss but for a timeout); with dummies the release holds 8 records
 * (base rate 1/8, a little more if the broker's stamps split a release on a busy machine) and the adversary's successes stay below the count that guessing at the base rate would
 * reach with probability at most 10⁻⁶ (Binomial(trials, base rate)): a bound that a uniformly shuffled
 * release never fails by chance in practice, and that an adversary able to tell the real packet even in a
 * fifth of the trials above chance would cross. Trials: {@code -Dmixnet.attack.trials} (default 32).
 */
@ExtendWith(KafkaClusterExtension.class)
class RelayTimingDummiesIT {

    @Test
    void dummiesBringTimingCorrelationOnALoneSenderDownToTheBaseRate(KafkaCluster kafka, @TempDir Path work)
            throws Exception {
        ClientSettings cluster = Clusters.settings(kafka);
        int trials = Integer.getInteger("mixnet.attack.trials", 32);
        RelayTimingAttack.Settings settings =
                new RelayTimingAttack.Settings(trials, Math.max(8, trials / 2), Duration.ofSeconds(10));
        List<AttackResult> rows = new ArrayList<>();
        for (MixerDefences d : List.of(MixerDefences.NONE, MixerDefences.DUMMIES)) {
            try (MixerUnderAttack mixer = MixerUnderAttack.start(
                    cluster,
                    AttackStrategy.TIMED,
                    work.resolve(d.label()),
                    Duration.ofSeconds(60),
                    d,
                    Map.of(),
                    true)) {
                rows.add(new RelayTimingAttack(cluster, mixer, settings).run((phase, done, total) -> {}));
            }
        }
        StringWriter table = new StringWriter();
        new AttackReport("embedded", Instant.now(), rows).printTable(new PrintWriter(table));
        System.out.println(table);
        for (AttackResult r : rows) {
            System.out.println(r.defences().get("preset") + " notes: " + r.notes());
        }

        AttackResult before = rows.get(0);
        AttackResult after = rows.get(1);
        assertThat(before.defences()).containsEntry("preset", "none");
        assertThat(after.defences()).containsEntry("preset", "dummies");
        assertThat(before.trials()).isEqualTo(trials);
        assertThat(after.trials()).isEqualTo(trials);

        // Before: the lone packet is its release.
        assertThat(before.baseRate()).isEqualTo(1.0);
        assertThat(before.successes()).isGreaterThanOrEqualTo(Math.ceil(0.9 * trials));
        assertThat((Double) before.notes().get("meanEntropyBits")).isLessThan(0.5);
        assertThat((Long) before.notes().get("dummiesSent")).isZero();

        // After: one of 8, and the adversary no better than a guess at the base rate.
        Stats sizes = (Stats) after.notes().get("releaseSize");
        assertThat(sizes.count()).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * trials));
        // 8 each; a busy machine may delay the broker's second produce batch of a release beyond the
        // adversary's release gap (Releases.GAP_MILLIS), which splits that release as the broker operator sees it.
        assertThat(sizes.median()).isEqualTo(8.0);
        assertThat(sizes.max()).isEqualTo(8.0);
        assertThat(after.baseRate()).isBetween(1.0 / 8, 0.2);
        int bound = BinomialTail.threshold(trials, after.baseRate(), 1e-6);
        assertThat(after.successes())
                .as("successes with dummies, against the 1e-6 upper tail of Binomial(%d, 1/8) at %d", trials, bound)
                .isLessThan(bound);
        assertThat((Double) after.notes().get("meanEntropyBits")).isGreaterThan(2.0);
        assertThat((Long) after.notes().get("dummiesSent")).isGreaterThanOrEqualTo(7L * sizes.count());
    }
}
