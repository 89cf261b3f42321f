package io.kafkamixnet.directory.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat test on a simulated clock, with the defaults ({@code heartbeat.window} 1m,
 * {@code heartbeat.return-grace} 30s, expected return 0.9, false alarm 1e-6 per test) and loops sent
 * at 2/s whose round trips take Exp(mean 2 s), 2 % of them lost on an honest network.
 */
class HeartbeatMonitorTest {

    private static final double RATE = 2.0;
    private static final double MEAN_LATENCY_MILLIS = 2000;
    private static final double LOSS = 0.02;

    /** One simulated mixer's loops: sends at Poisson times, returns after a random latency unless blocked. */
    private static final class Simulation {
        final Random random;
        final HeartbeatMonitor monitor;
        final PriorityQueue<long[]> returning = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long now;
        long nextSend;
        long serial;
        boolean blocked;
        int alarmsRaised;

        Simulation(long seed) {
            random = new Random(seed);
            monitor = new HeartbeatMonitor(
                    "mix-a",
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(30),
                    0.9,
                    1e-6,
                    true,
                    new HeartbeatMonitor.Listener() {
                        @Override
                        public void loopSent() {}

                        @Override
                        public void loopReturned() {}

                        @Override
                        public void heartbeatAlarm(boolean raised) {
                            if (raised) {
                                alarmsRaised++;
                            }
                        }
                    },
                    0);
            nextSend = exp(1000 / RATE);
        }

        long exp(double mean) {
            return (long) (-Math.log(1 - random.nextDouble()) * mean);
        }

        static byte[] tag(long serial) {
            return ByteBuffer.allocate(32).putLong(serial).array();
        }

        /** Runs to {@code until} in 50 ms steps. */
        void runTo(long until) {
            for (; now < until; now += 50) {
                while (nextSend <= now) {
                    long s = serial++;
                    monitor.sent(tag(s), nextSend);
                    if (random.nextDouble() >= LOSS) {
                        returning.add(new long[] {nextSend + exp(MEAN_LATENCY_MILLIS), s});
                    }
                    nextSend += Math.max(1, exp(1000 / RATE));
                }
                while (!returning.isEmpty() && returning.peek()[0] <= now) {
                    long[] r = returning.poll();
                    if (!blocked) {
                        monitor.recognise(tag(r[1]), now);
                    }
                }
                monitor.check(now);
            }
        }
    }

    @Test
    void noFalseAlarmInTenMinutesOfHonestTrafficAcrossTwentyRuns() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation sim = new Simulation(seed);
            sim.runTo(Duration.ofMinutes(10).toMillis());
            assertThat(sim.alarmsRaised).as("alarms in run " + seed).isZero();
            assertThat(sim.monitor.lastTest().sent()).isGreaterThan(60);
        }
    }

    @Test
    void aBlockedInputIsDetectedWithinTheBoundInEachOfTwoHundredTrials() {
        long worst = 0;
        long total = 0;
        int trials = 200;
        for (long seed = 1; seed <= trials; seed++) {
            Simulation sim = new Simulation(1000 + seed);
            long attackAt = Duration.ofSeconds(120).toMillis() + sim.random.nextInt(60_000);
            sim.runTo(attackAt);
            assertThat(sim.monitor.alarm()).isFalse();
            sim.blocked = true;
            while (!sim.monitor.alarm() && sim.now - attackAt < 120_000) {
                sim.runTo(sim.now + 50);
            }
            assertThat(sim.monitor.alarm()).as("alarm in trial " + seed).isTrue();
            long detection = sim.now - attackAt;
            worst = Math.max(worst, detection);
            total += detection;
            // Unblocked, the alarm clears once the window holds only loops sent after the block ended.
            sim.blocked = false;
            long unblockedAt = sim.now;
            while (sim.monitor.alarm() && sim.now - unblockedAt < 200_000) {
                sim.runTo(sim.now + 50);
            }
            assertThat(sim.monitor.alarm()).as("cleared in trial " + seed).isFalse();
        }
        System.out.printf(
                "heartbeat detection of a blocked input (rate %.1f/s, window 60s, grace 30s, p0 0.9, alpha 1e-6):"
                        + " mean %.1f s, worst %.1f s over %d trials%n",
                RATE, total / 1000.0 / trials, worst / 1000.0, trials);
        // The bound: grace + window + one check interval. By then the window holds only loops sent after
        // the block, none of which came back, and P(Bin(n, 0.9) = 0) = 0.1^n < 1e-6 once n >= 7 (about
        // 3.5 s of loops at 2/s). Typically much earlier: the missing loops outweigh the returned ones
        // in the window after grace + about 14 s.
        assertThat(worst).isLessThanOrEqualTo(Duration.ofSeconds(30 + 60 + 1).toMillis());
        assertThat(total / trials).isLessThan(Duration.ofSeconds(50).toMillis());
    }

    @Test
    void nothingIsTestedDuringWarmUp() {
        Simulation sim = new Simulation(7);
        sim.blocked = true;
        sim.runTo(Duration.ofSeconds(89).toMillis());
        assertThat(sim.monitor.alarm()).as("window + grace = 90 s of warm-up").isFalse();
        sim.runTo(Duration.ofSeconds(92).toMillis());
        assertThat(sim.monitor.alarm()).isTrue();
    }
}
