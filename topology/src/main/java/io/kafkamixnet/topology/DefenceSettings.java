package io.kafkamixnet.topology;

import io.kafkamixnet.topology.cover.LoopPath;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The traffic-analysis defences of one mixer (docs/defences.md): dummy packets and heartbeat loops.
 * All are off by default: each dummy or loop is a full Sphinx packet that costs this mixer one
 * X25519 operation per hop to build and every mixer on its route one or two to peel, so an operator
 * turns them on knowing the bill. Both need {@code directory.topic}: routes are drawn from the
 * directory.
 *
 * @param dummyMinBatch          every flush is topped up with dummies to at least this many packets; 0: off
 * @param dummyRate              mean dummies per second sent on their own (Poisson), per mixer; 0: off
 * @param dummyMaxRate           ceiling on dummies per second (top-ups and idle together) per stream task
 * @param dummyHops              hops of a dummy's route (it ends in Drop at the last), at least 1
 * @param heartbeatRate          mean loops per second (Poisson), per mixer; 0: off
 * @param heartbeatHops          other mixers a loop visits before it returns to this mixer, at least 1
 * @param heartbeatWindow        loops sent within this window are tested together
 * @param heartbeatReturnGrace   how long a loop may take to come back before it counts as missing
 * @param heartbeatExpectedReturn share of loops that come back within the grace on an honest network, (0, 1)
 * @param heartbeatFalseAlarm    probability that one test raises the alarm on an honest network, (0, 0.5)
 * @param heartbeatHold          while the alarm is raised, release nothing
 * @param heartbeatLoopsPerBatch a flush needs this many of our loops to have returned since the previous
 *                               flush of the same stream task; 0: off (needs {@code heartbeatRate} > 0)
 * @param heartbeatPaths         which loops are sent, each path at {@code heartbeatRate}: through forward
 *                               mixers back to this mixer's ingress, and through response mixers as a
 *                               reply (docs/defences.md, "Response-path loops"); at least one
 */
public record DefenceSettings(
        int dummyMinBatch,
        double dummyRate,
        double dummyMaxRate,
        int dummyHops,
        double heartbeatRate,
        int heartbeatHops,
        Duration heartbeatWindow,
        Duration heartbeatReturnGrace,
        double heartbeatExpectedReturn,
        double heartbeatFalseAlarm,
        boolean heartbeatHold,
        int heartbeatLoopsPerBatch,
        Set<LoopPath> heartbeatPaths) {

    public static final int DEFAULT_DUMMY_MIN_BATCH = 0;
    public static final double DEFAULT_DUMMY_RATE = 0.0;
    public static final double DEFAULT_DUMMY_MAX_RATE = 50.0;
    public static final int DEFAULT_DUMMY_HOPS = 2;
    public static final double DEFAULT_HEARTBEAT_RATE = 0.0;
    public static final int DEFAULT_HEARTBEAT_HOPS = 2;
    public static final Duration DEFAULT_HEARTBEAT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEARTBEAT_RETURN_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_HEARTBEAT_EXPECTED_RETURN = 0.9;
    public static final double DEFAULT_HEARTBEAT_FALSE_ALARM = 1e-6;
    public static final boolean DEFAULT_HEARTBEAT_HOLD = false;
    public static final int DEFAULT_HEARTBEAT_LOOPS_PER_BATCH = 0;
    /** Today's loops only: the response path is an operator's choice (it needs entry and inbox settings). */
    public static final Set<LoopPath> DEFAULT_HEARTBEAT_PATHS = Set.of(LoopPath.FORWARD);
    /** Largest dummy top-up and loop rate accepted, per second: beyond this a mixer only builds packets. */
    public static final double MAX_RATE = 10_000.0;

    public DefenceSettings {
        Objects.requireNonNull(heartbeatWindow, "heartbeatWindow");
        Objects.requireNonNull(heartbeatPaths, "heartbeatPaths");
        check(!heartbeatPaths.isEmpty(), "heartbeat.paths must name at least one path", "none");
        heartbeatPaths = Set.copyOf(heartbeatPaths);
        Objects.requireNonNull(heartbeatReturnGrace, "heartbeatReturnGrace");
        check(dummyMinBatch >= 0 && dummyMinBatch <= 100_000, "dummy.min-batch must be 0 to 100000", dummyMinBatch);
        check(rate(dummyRate), "dummy.rate must be 0 to " + MAX_RATE + " per second", dummyRate);
        check(dummyMaxRate > 0 && rate(dummyMaxRate), "dummy.max-rate must be > 0 and <= " + MAX_RATE, dummyMaxRate);
        check(dummyHops >= 1, "dummy.hops must be >= 1", dummyHops);
        check(rate(heartbeatRate), "heartbeat.rate must be 0 to " + MAX_RATE + " per second", heartbeatRate);
        check(heartbeatHops >= 1, "heartbeat.hops must be >= 1", heartbeatHops);
        check(heartbeatWindow.toMillis() >= 100, "heartbeat.window must be at least 100ms", heartbeatWindow);
        check(
                heartbeatReturnGrace.toMillis() >= 1,
                "heartbeat.return-grace must be at least 1ms",
                heartbeatReturnGrace);
        check(
                heartbeatExpectedReturn > 0 && heartbeatExpectedReturn < 1,
                "heartbeat.expected-return must be in (0, 1)",
                heartbeatExpectedReturn);
        check(
                heartbeatFalseAlarm > 0 && heartbeatFalseAlarm < 0.5,
                "heartbeat.false-alarm must be in (0, 0.5)",
                heartbeatFalseAlarm);
        check(heartbeatLoopsPerBatch >= 0, "heartbeat.loops-per-batch must be >= 0", heartbeatLoopsPerBatch);
        if (heartbeatRate == 0 && (heartbeatHold || heartbeatLoopsPerBatch > 0)) {
            throw new IllegalArgumentException(
                    "heartbeat.hold and heartbeat.loops-per-batch need heartbeat.rate > 0 (no loops, nothing to wait for)");
        }
    }

    /** Settings with loops on the forward path only ({@link #DEFAULT_HEARTBEAT_PATHS}). */
    public DefenceSettings(
            int dummyMinBatch,
            double dummyRate,
            double dummyMaxRate,
            int dummyHops,
            double heartbeatRate,
            int heartbeatHops,
            Duration heartbeatWindow,
            Duration heartbeatReturnGrace,
            double heartbeatExpectedReturn,
            double heartbeatFalseAlarm,
            boolean heartbeatHold,
            int heartbeatLoopsPerBatch) {
        this(
                dummyMinBatch,
                dummyRate,
                dummyMaxRate,
                dummyHops,
                heartbeatRate,
                heartbeatHops,
                heartbeatWindow,
                heartbeatReturnGrace,
                heartbeatExpectedReturn,
                heartbeatFalseAlarm,
                heartbeatHold,
                heartbeatLoopsPerBatch,
                DEFAULT_HEARTBEAT_PATHS);
    }

    /** Everything off. */
    public static DefenceSettings off() {
        return new DefenceSettings(
                DEFAULT_DUMMY_MIN_BATCH,
                DEFAULT_DUMMY_RATE,
                DEFAULT_DUMMY_MAX_RATE,
                DEFAULT_DUMMY_HOPS,
                DEFAULT_HEARTBEAT_RATE,
                DEFAULT_HEARTBEAT_HOPS,
                DEFAULT_HEARTBEAT_WINDOW,
                DEFAULT_HEARTBEAT_RETURN_GRACE,
                DEFAULT_HEARTBEAT_EXPECTED_RETURN,
                DEFAULT_HEARTBEAT_FALSE_ALARM,
                DEFAULT_HEARTBEAT_HOLD,
                DEFAULT_HEARTBEAT_LOOPS_PER_BATCH);
    }

    /** Whether dummies are sent at all (top-ups or idle). */
    public boolean dummies() {
        return dummyMinBatch > 0 || dummyRate > 0;
    }

    /** Whether heartbeat loops are sent. */
    public boolean heartbeats() {
        return heartbeatRate > 0;
    }

    /** Whether any defence needs routes from the directory. */
    public boolean any() {
        return dummies() || heartbeats();
    }

    public DefenceSettings withDummies(int minBatch, double rate) {
        return new DefenceSettings(
                minBatch,
                rate,
                dummyMaxRate,
                dummyHops,
                heartbeatRate,
                heartbeatHops,
                heartbeatWindow,
                heartbeatReturnGrace,
                heartbeatExpectedReturn,
                heartbeatFalseAlarm,
                heartbeatHold,
                heartbeatLoopsPerBatch,
                heartbeatPaths);
    }

    public DefenceSettings withHeartbeat(
            double rate, Duration window, Duration grace, boolean hold, int loopsPerBatch) {
        return new DefenceSettings(
                dummyMinBatch,
                dummyRate,
                dummyMaxRate,
                dummyHops,
                rate,
                heartbeatHops,
                window,
                grace,
                heartbeatExpectedReturn,
                heartbeatFalseAlarm,
                hold,
                loopsPerBatch,
                heartbeatPaths);
    }

    /** These settings with loops on {@code paths} (each at {@code heartbeat.rate}). */
    public DefenceSettings withHeartbeatPaths(Set<LoopPath> paths) {
        return new DefenceSettings(
                dummyMinBatch,
                dummyRate,
                dummyMaxRate,
                dummyHops,
                heartbeatRate,
                heartbeatHops,
                heartbeatWindow,
                heartbeatReturnGrace,
                heartbeatExpectedReturn,
                heartbeatFalseAlarm,
                heartbeatHold,
                heartbeatLoopsPerBatch,
                paths);
    }

    /** Whether loops are sent on {@code path}. */
    public boolean heartbeats(LoopPath path) {
        return heartbeats() && heartbeatPaths.contains(path);
    }

    /** {@code heartbeat.paths} as written in a configuration: {@code forward,response}. */
    public String heartbeatPathsSetting() {
        return EnumSet.copyOf(heartbeatPaths).stream()
                .map(LoopPath::settingName)
                .collect(Collectors.joining(","));
    }

    private static boolean rate(double r) {
        return r >= 0 && r <= MAX_RATE;
    }

    private static void check(boolean ok, String rule, Object found) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", found " + found);
        }
    }
}
