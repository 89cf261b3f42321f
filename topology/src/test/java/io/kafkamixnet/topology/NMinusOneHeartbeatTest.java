package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The n-1 attack on a threshold mixer (Serjantov, Dingledine &amp; Syverson 2002) against heartbeat
 * loops, through the real mixing processor on a simulated clock, many trials in a row on one mixer.
 *
 * <p>One trial: honest clients send at Poisson times and loops come back; then the attacker blocks
 * every packet to the mixer but its own (loops included: it cannot tell them apart), flushes what the
 * pool holds with its own packets, lets the target in when it arrives and adds threshold − 1 of its own
 * packets at once. The target is linked if it leaves in a batch with only the attacker's packets. The
 * attack lasts until the alarm plus 5 s; then honest traffic resumes and the alarm must clear.
 */
class NMinusOneHeartbeatTest {

    private static final int THRESHOLD = 5;
    private static final int TRIALS = Integer.getInteger("mixnet.n1.trials", 100);

    record Result(
            int trials,
            int targetsLinked,
            int alarms,
            long worstDetectionMillis,
            double meanDetectionMillis,
            long attackerFlushes) {}

    private static Result run(Path dir, int loopsPerBatch, long seed) {
        Random random = new Random(seed);
        try (CoverNetwork net = new CoverNetwork(dir, seed, 300, 0.0)
                .start(forwardConfig(new MixingStrategy.Threshold(THRESHOLD, Optional.empty()))
                        .directoryTopic("mixnet.directory")
                        .defences(DefencesMixerTest.loops(
                                5.0, Duration.ofSeconds(10), Duration.ofSeconds(2), true, loopsPerBatch))
                        .build())) {
            MixFixture f = net.f;
            int linked = 0;
            int alarms = 0;
            long worst = 0;
            long totalDetection = 0;
            long attackerFlushes = 0;
            long honestSerial = 0;
            long attackerSerial = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                // Honest phase: 4 packets/s, 5-10 s (the first one 15 s: the warm-up is 12 s).
                long honestUntil = f.now() + (trial == 0 ? 15_000 : 5_000 + random.nextInt(5_000));
                while (f.now() < honestUntil) {
                    if (random.nextDouble() < 4.0 * CoverNetwork.STEP_MILLIS / 1000) {
                        net.sendExit("h" + honestSerial++);
                    }
                    net.run(CoverNetwork.STEP_MILLIS);
                }
                assertThat(f.metrics.heartbeatAlarm())
                        .as("alarm before attack " + trial)
                        .isFalse();
                f.exits.readRecordsToList();

                // Attack.
                net.blocked = true;
                long attackAt = f.now();
                long batchesBefore = f.metrics.batchStats().count();
                long held = f.metrics.heldCount();
                for (long i = held; i < THRESHOLD; i++) { // flush the pool's honest packets out
                    net.sendExit("a" + attackerSerial++);
                }
                long targetAt = attackAt + (long) (-Math.log(1 - random.nextDouble()) * 5000);
                String target = "target" + trial;
                boolean targetSent = false;
                long alarmAt = -1;
                boolean targetOut = false;
                while (alarmAt < 0 || f.now() < alarmAt + 5000) {
                    if (!targetSent && f.now() >= targetAt) {
                        net.sendExit(target);
                        for (int i = 0; i < THRESHOLD - 1; i++) {
                            net.sendExit("a" + attackerSerial++);
                        }
                        targetSent = true;
                    }
                    net.run(CoverNetwork.STEP_MILLIS);
                    if (alarmAt < 0 && f.metrics.heartbeatAlarm()) {
                        alarmAt = f.now();
                    }
                    for (var r : f.exits.readRecordsToList()) {
                        targetOut |= MixFixture.payload(r.value()).equals(target);
                    }
                    if (alarmAt < 0 && f.now() - attackAt > 60_000) {
                        break;
                    }
                }
                if (!targetSent) { // alarm before the target came: it arrives into a holding mixer
                    net.sendExit(target);
                }
                attackerFlushes += f.metrics.batchStats().count() - batchesBefore;
                if (targetOut) {
                    linked++; // only the attacker's packets were let in: whatever left with it is his
                }
                if (alarmAt >= 0) {
                    alarms++;
                    long detection = alarmAt - attackAt;
                    worst = Math.max(worst, detection);
                    totalDetection += detection;
                }

                // The attack ends: honest traffic and loops again; the alarm clears.
                net.blocked = false;
                long end = f.now();
                while (f.metrics.heartbeatAlarm() && f.now() - end < 60_000) {
                    if (random.nextDouble() < 4.0 * CoverNetwork.STEP_MILLIS / 1000) {
                        net.sendExit("h" + honestSerial++);
                    }
                    net.run(CoverNetwork.STEP_MILLIS);
                }
                assertThat(f.metrics.heartbeatAlarm())
                        .as("alarm cleared after attack " + trial)
                        .isFalse();
            }
            return new Result(
                    TRIALS, linked, alarms, worst, alarms == 0 ? 0 : (double) totalDetection / alarms, attackerFlushes);
        }
    }

    @Test
    void withHoldAndOneLoopPerBatchTheTargetIsNeverLinkedAndEveryAttackIsDetected(@TempDir Path dir) {
        Result r = run(dir, 1, 42);
        System.out.printf(
                "n-1 vs heartbeat (threshold %d, loops 5/s, window 10s, grace 2s, hold, loops-per-batch 1): %s%n",
                THRESHOLD, r);
        assertThat(r.targetsLinked()).isZero();
        // At most one flush per attack: the one that empties the pool of honest packets, if one of our
        // loops had come back since the previous flush. The round with the target never completes.
        assertThat(r.attackerFlushes()).isLessThanOrEqualTo(r.trials());
        assertThat(r.alarms()).isEqualTo(r.trials());
        // Bound: grace 2 s + window 10 s + one check interval (then the window holds only missing loops).
        assertThat(r.worstDetectionMillis()).isLessThanOrEqualTo(13_000);
    }

    @Test
    void withHoldAloneTheAttackIsDetectedButAFastAttackerLinksTargetsThatArriveBeforeTheAlarm(@TempDir Path dir) {
        Result r = run(dir, 0, 43);
        System.out.printf(
                "n-1 vs heartbeat (threshold %d, loops 5/s, window 10s, grace 2s, hold only): %s%n", THRESHOLD, r);
        assertThat(r.alarms()).isEqualTo(r.trials());
        assertThat(r.worstDetectionMillis()).isLessThanOrEqualTo(13_000);
        // A target arriving (Exp, mean 5 s) before the alarm (~4-5 s) is flushed at once with the
        // attacker's packets: hold alone cannot stop a round that completes before detection.
        assertThat(r.targetsLinked()).isPositive().isLessThan(r.trials());
    }
}
