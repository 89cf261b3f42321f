package io.kafkamixnet.directory.heartbeat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeat loops of one mixer or client (Danezis &amp; Sassaman, "Heartbeat traffic to counter (n-1)
 * attacks", 2003; Loopix's loop cover, 2017): remembers the loops sent (each by a secret tag only the
 * sender can know on return), recognises those that come back, and tests whether too few did. Shared
 * by the threads that send and receive; thread-safe.
 *
 * <p>The test: at most once per {@link #CHECK_INTERVAL_MILLIS}, take the loops sent in the window
 * {@code [now - grace - window, now - grace)}: every one of them has had at least {@code grace} to come
 * back. With {@code n} of them sent and {@code k} back, on an honest network each comes back with
 * probability at least {@code p0} ({@code heartbeat.expected-return}), so k is at least
 * Binomial(n, p0) stochastically; the alarm is raised when P(Binomial(n, p0) &le; k) &lt; {@code alpha}
 * ({@code heartbeat.false-alarm}), which bounds the false-alarm probability of each test by alpha.
 * It is cleared by the first test that passes.
 *
 * <p>Restarts: loops are remembered in memory only, so a restarted mixer cannot recognise loops it sent
 * before; it tests nothing until {@code window + grace} after it started (warm-up), by which time the
 * window holds only loops sent since. An attack that starts during warm-up is detected after it.
 */
public final class HeartbeatMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);
    static final long CHECK_INTERVAL_MILLIS = 1000;

    private static final class Sent {
        final long atMillis;
        boolean returned;

        Sent(long atMillis) {
            this.atMillis = atMillis;
        }
    }

    /** Told what the monitor sees: counters, never a per-loop series. Called without the monitor's lock held. */
    public interface Listener {
        /** One loop was sent. */
        void loopSent();

        /** One loop came back. */
        void loopReturned();

        /** The alarm was raised ({@code true}) or cleared. */
        void heartbeatAlarm(boolean raised);

        /** Counts nothing. */
        Listener NONE = new Listener() {
            @Override
            public void loopSent() {}

            @Override
            public void loopReturned() {}

            @Override
            public void heartbeatAlarm(boolean raised) {}
        };
    }

    /** The outcome of one test. */
    public record Test(int sent, int returned, double pValue, boolean alarm) {}

    private final String owner;
    private final long windowMillis;
    private final long graceMillis;
    private final double expectedReturn;
    private final double falseAlarm;
    private final boolean hold;
    private final Listener metrics;
    private final long startedAtMillis;
    private final String suspicion;

    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final Map<Bytes, Sent> outstanding = new HashMap<>();
    private long lastCheckMillis = Long.MIN_VALUE / 2; // far past, without overflow in now - last
    private volatile boolean alarm;
    private volatile Test lastTest = new Test(0, 0, 1.0, false);

    /**
     * @param owner           what the log lines name: {@code "Mixer mix-1"}, {@code "Client"}
     * @param window          loops sent within this long are tested together
     * @param grace           how long a loop may take to come back before it counts as missing
     * @param expectedReturn  share of loops an honest network returns within the grace, in (0, 1)
     * @param falseAlarm      per-test false-alarm probability, in (0, 0.5)
     * @param hold            whether {@link #holding()} follows the alarm
     * @param startedAtMillis when the owner started (warm-up ends window + grace later)
     */
    public HeartbeatMonitor(
            String owner,
            Duration window,
            Duration grace,
            double expectedReturn,
            double falseAlarm,
            boolean hold,
            Listener metrics,
            long startedAtMillis) {
        this(
                owner,
                window,
                grace,
                expectedReturn,
                falseAlarm,
                hold,
                metrics,
                startedAtMillis,
                "a possible n-1 attack on its input");
    }

    /**
     * As above, with what an alarm suggests in the WARN line ({@code suspicion}), for loops that do not
     * cross the owner's own input, e.g. a forward mixer's reply-path loops: {@code "a response mixer on
     * their routes holding back or dropping replies"}.
     */
    public HeartbeatMonitor(
            String owner,
            Duration window,
            Duration grace,
            double expectedReturn,
            double falseAlarm,
            boolean hold,
            Listener metrics,
            long startedAtMillis,
            String suspicion) {
        this.suspicion = Objects.requireNonNull(suspicion, "suspicion");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.windowMillis = window.toMillis();
        this.graceMillis = grace.toMillis();
        this.expectedReturn = expectedReturn;
        this.falseAlarm = falseAlarm;
        this.hold = hold;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.startedAtMillis = startedAtMillis;
    }

    /** A loop with last-hop replay tag {@code tag} was written at {@code nowMillis}. */
    public synchronized void sent(byte[] tag, long nowMillis) {
        Sent s = new Sent(nowMillis);
        sent.addLast(s);
        outstanding.put(Bytes.wrap(tag.clone()), s);
        metrics.loopSent();
        forgetOld(nowMillis);
    }

    /**
     * Whether a packet this mixer peeled to a Drop with replay tag {@code tag} is one of its loops; if
     * so it is counted as returned (once: a replayed loop is refused by the replay check before this).
     */
    public synchronized boolean recognise(byte[] tag, long nowMillis) {
        Sent s = outstanding.remove(Bytes.wrap(tag));
        if (s == null) {
            return false;
        }
        s.returned = true;
        metrics.loopReturned();
        return true;
    }

    /** Runs the test if one is due at {@code nowMillis}; returns whether the alarm is raised. */
    public boolean check(long nowMillis) {
        Test t;
        synchronized (this) {
            if (nowMillis - lastCheckMillis < CHECK_INTERVAL_MILLIS) {
                return alarm;
            }
            lastCheckMillis = nowMillis;
            forgetOld(nowMillis);
            if (nowMillis - startedAtMillis < windowMillis + graceMillis) {
                return alarm; // warm-up: the window may hold loops sent before a restart
            }
            long from = nowMillis - graceMillis - windowMillis;
            long to = nowMillis - graceMillis;
            int n = 0;
            int k = 0;
            for (Sent s : sent) {
                if (s.atMillis >= from && s.atMillis < to) {
                    n++;
                    if (s.returned) {
                        k++;
                    }
                }
            }
            double p = BinomialTail.atMost(k, n, expectedReturn);
            t = new Test(n, k, p, p < falseAlarm);
            lastTest = t;
            if (t.alarm() == alarm) {
                return alarm;
            }
            alarm = t.alarm();
        }
        metrics.heartbeatAlarm(t.alarm());
        if (t.alarm()) {
            LOG.warn(
                    "{}: heartbeat ALARM: {} of {} loops sent in the last {} ms (each given {} ms) came back, "
                            + "P = {} < {} if the network were honest: {}{}",
                    owner,
                    t.returned(),
                    t.sent(),
                    windowMillis,
                    graceMillis,
                    String.format("%.2e", t.pValue()),
                    falseAlarm,
                    suspicion,
                    hold ? "; holding every release until loops come back" : "");
        } else {
            LOG.info(
                    "{}: heartbeat alarm cleared: {} of {} loops came back{}",
                    owner,
                    t.returned(),
                    t.sent(),
                    hold ? "; releasing again" : "");
        }
        return t.alarm();
    }

    /** Whether the alarm is raised (as of the last test). */
    public boolean alarm() {
        return alarm;
    }

    /** Whether releases must wait: the alarm is raised and {@code heartbeat.hold} is on. */
    public boolean holding() {
        return hold && alarm;
    }

    /** The last test run (all zero before the first). */
    public Test lastTest() {
        return lastTest;
    }

    /** Loops sent long enough ago to be out of every window are forgotten. */
    private void forgetOld(long nowMillis) {
        long horizon = nowMillis - graceMillis - windowMillis - CHECK_INTERVAL_MILLIS;
        while (!sent.isEmpty() && sent.peekFirst().atMillis < horizon) {
            sent.removeFirst();
        }
        if (outstanding.size() > 2 * sent.size() + 16) {
            for (Iterator<Sent> it = outstanding.values().iterator(); it.hasNext(); ) {
                if (it.next().atMillis < horizon) {
                    it.remove();
                }
            }
        }
    }
}
