package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.UnwrapResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dummies and heartbeat loops through the real mixing processor, on a simulated clock. */
class DefencesMixerTest {

    private static final String DIRECTORY = "mixnet.directory";

    private static DefenceSettings dummies(int minBatch) {
        return new DefenceSettings(
                minBatch,
                0,
                DefenceSettings.DEFAULT_DUMMY_MAX_RATE,
                1,
                0,
                1,
                DefenceSettings.DEFAULT_HEARTBEAT_WINDOW,
                DefenceSettings.DEFAULT_HEARTBEAT_RETURN_GRACE,
                0.9,
                1e-6,
                false,
                0);
    }

    static DefenceSettings loops(double rate, Duration window, Duration grace, boolean hold, int perBatch) {
        return new DefenceSettings(
                0, 0, DefenceSettings.DEFAULT_DUMMY_MAX_RATE, 1, rate, 1, window, grace, 0.9, 1e-6, hold, perBatch);
    }

    @Test
    void aThinTimedFlushIsToppedUpWithDummiesThatTheNextHopPeelsToDrop(@TempDir Path dir) {
        try (CoverNetwork net = new CoverNetwork(dir, 1, 100, 0)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .directoryTopic(DIRECTORY)
                        .defences(dummies(8))
                        .build())) {
            MixFixture f = net.f;
            f.sendExits("a", 1);
            f.advanceMillis(1000);
            var exits = f.exits.readRecordsToList();
            var relayed = f.nextHop.readRecordsToList();
            assertThat(exits).hasSize(1);
            assertThat(relayed).as("7 dummies make the flush 8 packets").hasSize(7);
            assertThat(relayed).allSatisfy(r -> {
                assertThat(r.timestamp()).isEqualTo(exits.get(0).timestamp());
                assertThat(r.key()).isNull();
                assertThat(r.headers().toArray()).isEmpty();
                assertThat(r.value().getEpoch()).isEqualTo(MixFixture.EPOCH);
                UnwrapResult u =
                        f.sphinx.unwrap(f.nextKey, MixFixture.bytes(r.value().getPacket()));
                assertThat(u).isInstanceOf(UnwrapResult.Processed.class);
                assertThat(((UnwrapResult.Processed) u).instruction().command())
                        .isInstanceOf(RoutingCommand.Drop.class);
            });
            assertThat(f.metrics.dummiesSentCount()).isEqualTo(7);
            assertThat(f.metrics.releasedCount())
                    .as("dummies never came from the pool")
                    .isEqualTo(1);

            f.sendExits("b", 10);
            f.advanceMillis(1000);
            assertThat(f.exits.readRecordsToList()).hasSize(10);
            assertThat(f.nextHop.readRecordsToList())
                    .as("a full flush needs no dummy")
                    .isEmpty();

            f.advanceMillis(5000);
            assertThat(f.nextHop.readRecordsToList())
                    .as("no flush, no dummy (dummy.rate is 0)")
                    .isEmpty();
            assertThat(f.metrics.dummiesSentCount()).isEqualTo(7);
        }
    }

    @Test
    void idleDummiesLeaveAtTheConfiguredRateWithinTheBudget(@TempDir Path dir) {
        DefenceSettings d = dummies(0).withDummies(0, 20.0);
        try (CoverNetwork net = new CoverNetwork(dir, 2, 100, 0)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .directoryTopic(DIRECTORY)
                        .defences(d)
                        .build())) {
            net.run(Duration.ofSeconds(30));
            // Poisson(600): 5 standard deviations either side.
            assertThat(net.dummiesSeen).isBetween(600 - 125L, 600 + 125L);
            assertThat(net.f.metrics.dummiesSentCount()).isEqualTo(net.dummiesSeen);
        }
    }

    @Test
    void loopsComeBackAndAreRecognisedAndTheirAbsenceRaisesTheAlarmAndHoldsReleases(@TempDir Path dir) {
        try (CoverNetwork net = new CoverNetwork(dir, 3, 300, 0.0)
                .start(forwardConfig(new MixingStrategy.Threshold(3, java.util.Optional.empty()))
                        .directoryTopic(DIRECTORY)
                        .defences(loops(5.0, Duration.ofSeconds(5), Duration.ofSeconds(3), true, 0))
                        .build())) {
            MixFixture f = net.f;
            net.run(Duration.ofSeconds(20));
            assertThat(f.metrics.loopsSentCount()).isBetween(50L, 150L);
            assertThat(f.metrics.loopsReturnedCount()).isEqualTo(net.loopsDelivered);
            assertThat(net.loopsDelivered).isGreaterThan(f.metrics.loopsSentCount() - 20);
            assertThat(f.metrics.heartbeatAlarm()).isFalse();
            assertThat(f.metrics.rejectionCount(RejectionReason.REPLAY)).isZero();
            f.exits.readRecordsToList(); // returning loops are Drops held like any packet: they fill batches too

            net.blocked = true; // n-1: nothing but the attacker's packets reaches mix-a
            long blockedAt = f.now();
            while (!f.metrics.heartbeatAlarm() && f.now() - blockedAt < 20_000) {
                net.run(CoverNetwork.STEP_MILLIS);
            }
            assertThat(f.metrics.heartbeatAlarm()).isTrue();
            // Loops sent after the block need the 3 s grace; about 9 missing ones (p0 = 0.9, alpha 1e-6)
            // then make the window's tail improbable: well under 3 s + 5 s.
            assertThat(f.now() - blockedAt).isLessThan(8_000);

            List<String> attack = f.sendExits("target", 3);
            assertThat(attack).hasSize(3);
            net.run(Duration.ofSeconds(5));
            assertThat(f.exits.readRecordsToList())
                    .as("held while the alarm lasts")
                    .isEmpty();
            assertThat(f.metrics.releasesHeldCount()).isPositive();

            net.blocked = false;
            long unblockedAt = f.now();
            while (f.metrics.heartbeatAlarm() && f.now() - unblockedAt < 30_000) {
                net.run(CoverNetwork.STEP_MILLIS);
            }
            assertThat(f.metrics.heartbeatAlarm()).isFalse();
            net.run(Duration.ofSeconds(2)); // the next returning loop is an arrival: the held batch leaves
            assertThat(f.exits.readRecordsToList())
                    .extracting(r -> MixFixture.payload(r.value()))
                    .containsExactlyInAnyOrderElementsOf(attack);
            assertThat(f.metrics.heartbeatAlarmsRaised()).isEqualTo(1);
        }
    }

    @Test
    void aFlushWaitsForALoopToHaveComeBackSinceThePreviousOne(@TempDir Path dir) {
        try (CoverNetwork net = new CoverNetwork(dir, 4, 200, 0.0)
                .start(forwardConfig(new MixingStrategy.Threshold(3, java.util.Optional.empty()))
                        .directoryTopic(DIRECTORY)
                        .defences(loops(2.0, Duration.ofSeconds(10), Duration.ofSeconds(3), false, 1))
                        .build())) {
            MixFixture f = net.f;
            net.blocked = true;
            f.sendExits("t", 3);
            net.run(Duration.ofSeconds(3));
            assertThat(f.exits.readRecordsToList())
                    .as("no loop of ours in this batch: the attacker may be alone with the target")
                    .isEmpty();
            net.blocked = false;
            long from = f.now();
            while (f.metrics.loopsReturnedCount() == 0 && f.now() - from < 20_000) {
                net.run(CoverNetwork.STEP_MILLIS);
            }
            assertThat(f.exits.readRecordsToList()).hasSize(3);
        }
    }

    /**
     * The timed mix's weakness (one sender alone in an interval is exposed: its packet is the only
     * output) against dummy.min-batch = 8: over 400 intervals with one honest relay packet each, what an
     * observer of mix-a's output can use (record order, timestamp, size, key, headers, epoch, partition)
     * does not single the real packet out. Prints the measured success of the best order-based guess
     * and the entropy of the real packet's position against log2(8) = 3 bits.
     */
    @Test
    void oneHonestSenderHidesAmongTheDummiesOfItsFlush(@TempDir Path dir) {
        int minBatch = 8;
        int intervals = 400;
        try (CoverNetwork net = new CoverNetwork(dir, 5, 100, 0)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .directoryTopic(DIRECTORY)
                        .defences(dummies(minBatch).withDummies(minBatch, 0))
                        .build())) {
            MixFixture f = net.f;
            int[] position = new int[minBatch];
            for (int i = 0; i < intervals; i++) {
                f.send(f.relayPacket(("m" + i).getBytes()));
                f.advanceMillis(1000);
                var out = f.nextHop.readRecordsToList();
                assertThat(out).hasSize(minBatch);
                int real = -1;
                for (int k = 0; k < out.size(); k++) {
                    var r = out.get(k);
                    assertThat(r.timestamp()).isEqualTo(out.get(0).timestamp());
                    assertThat(r.key()).isNull();
                    assertThat(r.headers().toArray()).isEmpty();
                    assertThat(r.value().getEpoch()).isEqualTo(MixFixture.EPOCH);
                    assertThat(r.value().getPacket().remaining()).isEqualTo(f.geometry.packetSize());
                    var u = (UnwrapResult.Processed) f.sphinx.unwrap(
                            f.nextKey, MixFixture.bytes(r.value().getPacket()));
                    if (u.instruction().command() instanceof RoutingCommand.Exit) {
                        assertThat(real).as("one real packet per flush").isEqualTo(-1);
                        real = k;
                    }
                }
                assertThat(real).isNotNegative();
                position[real]++;
            }
            double entropy = 0;
            int best = 0;
            for (int c : position) {
                best = Math.max(best, c);
                if (c > 0) {
                    double p = (double) c / intervals;
                    entropy -= p * Math.log(p) / Math.log(2);
                }
            }
            System.out.printf(
                    "timed mix, one honest sender, dummy.min-batch %d, %d flushes: real packet at positions %s;"
                            + " best order guess links %.3f (base rate %.3f, without dummies 1.000);"
                            + " entropy of its position %.3f bits (log2 %d = %.3f)%n",
                    minBatch,
                    intervals,
                    java.util.Arrays.toString(position),
                    (double) best / intervals,
                    1.0 / minBatch,
                    entropy,
                    minBatch,
                    Math.log(minBatch) / Math.log(2));
            // Uniform: chi-square with 7 degrees of freedom below its 0.1 % critical value (24.32).
            double expected = (double) intervals / minBatch;
            double chi2 = 0;
            for (int c : position) {
                chi2 += (c - expected) * (c - expected) / expected;
            }
            assertThat(chi2).isLessThan(24.32);
            assertThat(f.metrics.dummiesSentCount()).isEqualTo((long) intervals * (minBatch - 1));
        }
    }
}
