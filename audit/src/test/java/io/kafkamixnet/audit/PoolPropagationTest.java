package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model against closed forms and against simulations with ground truth. A posterior is right when,
 * on average, the surprise of the true answer equals the entropy of the posterior
 * (E[−log2 p(true)] = E[H]): an adversary that thinks it knows more or less than it does fails this.
 */
class PoolPropagationTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void thresholdBatchIsUniform() {
        PoolPropagation pool = new PoolPropagation();
        for (int i = 0; i < 8; i++) {
            pool.intake(i, 0, Distribution.point(100 + i));
        }
        PoolPropagation.Release r = pool.release(8, 0, 10);
        assertThat(r.senders().entropy()).isCloseTo(3.0, within(1e-12));
        assertThat(r.inputs().entropy()).isCloseTo(3.0, within(1e-12));
        assertThat(pool.attributedMass()).isZero();
    }

    @Test
    void thresholdPoolMixConvergesToTheClosedForm() {
        int n = 100;
        int kept = 10;
        PoolPropagation pool = new PoolPropagation();
        long id = 0;
        double h = 0;
        for (int round = 0; round < 12; round++) {
            for (int i = 0; i < n; i++) {
                pool.intake(id, round, Distribution.point(id));
                id++;
            }
            long held = round == 0 ? n : n + kept;
            h = pool.release(held, kept, round).senders().entropy();
        }
        double closedForm = (1 + (double) kept / n) * log2(n + kept) - ((double) kept / n) * log2(kept);
        assertThat(closedForm).isCloseTo(7.1274, within(1e-3));
        assertThat(h).isCloseTo(closedForm, within(1e-4));
    }

    @Test
    void sendersOfSeveralPacketsAddUp() {
        PoolPropagation pool = new PoolPropagation();
        pool.intake(0, 0, Distribution.point(7));
        pool.intake(1, 0, Distribution.point(7));
        pool.intake(2, 0, Distribution.point(9));
        pool.intake(3, 0, Distribution.point(9));
        PoolPropagation.Release r = pool.release(4, 0, 1);
        assertThat(r.senders().entropy()).isCloseTo(1.0, within(1e-12));
        assertThat(r.inputs().entropy()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void massNotSeenEnteringIsOneUnknownSender() {
        PoolPropagation pool = new PoolPropagation();
        pool.intake(0, 0, Distribution.point(1));
        PoolPropagation.Release r = pool.release(2, 0, 1);
        assertThat(r.senders().probabilityOf(PoolPropagation.UNKNOWN_SENDER)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void releaseNeedsSomethingToLeave() {
        PoolPropagation pool = new PoolPropagation();
        assertThatThrownBy(() -> pool.release(3, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= kept < held");
    }

    /** Timed dynamic pool (t, n_min, f) with Poisson-ish arrivals: the mixer's own rule, run with ground truth. */
    @Test
    void generalisedPoolMatchesASimulation() {
        Random random = new Random(42);
        int nMin = 4;
        double f = 0.6;
        PoolPropagation pool = new PoolPropagation();
        List<Long> held = new ArrayList<>();
        double surprise = 0;
        double entropy = 0;
        int outputs = 0;
        long next = 0;
        for (int round = 0; round < 3000; round++) {
            int arrivals = random.nextInt(12);
            for (int i = 0; i < arrivals; i++) {
                pool.intake(next, round, Distribution.point(next));
                held.add(next++);
            }
            int h = held.size();
            if (h <= nMin) {
                continue;
            }
            int r = Math.min(h - nMin, (int) Math.floor(h * f));
            if (r == 0) {
                continue;
            }
            PoolPropagation.Release rel = pool.release(h, h - r, round);
            for (int i = 0; i < r; i++) {
                long out = held.remove(random.nextInt(held.size()));
                if (round > 50) {
                    surprise -= log2(rel.senders().probabilityOf(out));
                    entropy += rel.senders().entropy();
                    outputs++;
                }
            }
        }
        assertThat(outputs).isGreaterThan(10_000);
        assertThat(surprise / outputs).isCloseTo(entropy / outputs, within(0.02 * entropy / outputs));
    }

    /**
     * Continuous mix (Loopix): Poisson arrivals at rate λ, each packet held for its own Exp(μ) delay. By
     * memorylessness every held packet is equally likely to be the next to leave, so the model is the pool
     * model with one release per departure; its steady-state entropy is that of the M/M/∞ queue the Loopix
     * paper analyses. Checked against a discrete-event simulation with ground truth.
     */
    @Test
    void continuousMixMatchesAnExponentialDelaySimulation() {
        Random random = new Random(7);
        double lambda = 20; // arrivals per second
        double mu = 4; // departures per second per held packet (mean delay 250 ms)
        PoolPropagation pool = new PoolPropagation();
        List<Long> held = new ArrayList<>();
        List<Double> due = new ArrayList<>();
        double now = 0;
        double nextArrival = exp(random, lambda);
        long id = 0;
        double surprise = 0;
        double entropy = 0;
        int outputs = 0;
        while (outputs < 20_000) {
            int soonest = -1;
            for (int i = 0; i < due.size(); i++) {
                if (soonest < 0 || due.get(i) < due.get(soonest)) {
                    soonest = i;
                }
            }
            if (soonest < 0 || nextArrival < due.get(soonest)) {
                now = nextArrival;
                pool.intake(id, (long) (now * 1000), Distribution.point(id));
                held.add(id++);
                due.add(now + exp(random, mu));
                nextArrival = now + exp(random, lambda);
            } else {
                now = due.get(soonest);
                long out = held.remove(soonest);
                due.remove(soonest);
                PoolPropagation.Release rel = pool.release(held.size() + 1, held.size(), (long) (now * 1000));
                if (now > 10) {
                    surprise -= log2(rel.senders().probabilityOf(out));
                    entropy += rel.senders().entropy();
                    outputs++;
                }
            }
        }
        assertThat(surprise / outputs).isCloseTo(entropy / outputs, within(0.02 * entropy / outputs));
        // About λ/μ = 5 packets held on average: the entropy is well above log2 5 because of the pool's memory.
        assertThat(entropy / outputs).isGreaterThan(log2(5));
    }

    private static double exp(Random random, double rate) {
        return -Math.log(1 - random.nextDouble()) / rate;
    }
}
