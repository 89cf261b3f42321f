package io.kafkamixnet.topology.cover;

import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The defences of one mixer application, shared by its stream tasks: the packet builder, the Poisson
 * schedules of idle dummies and of loops (one per mixer and loop path, whatever the task count), and
 * one heartbeat monitor per loop path. {@link #forTask()} gives each task its own part. Thread-safe.
 *
 * <p>Why a monitor per path rather than one for all loops: the paths test different things (a forward
 * mixer's response-path loops never cross its own ingress, so their alarm must not hold its releases,
 * while its forward loops' alarm must), the operator needs to know which path failed, and a pooled
 * test would let a healthy path mask a dead one whenever {@code expected-return} is below the pooled
 * rate. The alarm is raised when any path's test fails; with per-test false-alarm probability α per
 * path, the mixer's is at most 2α (union bound).
 */
public final class MixerCover {

    private final Settings settings;
    private final CoverPacketBuilder builder;
    private final CoverMetrics metrics;
    private final PoissonSchedule idleDummies;
    private final Map<LoopPath, PoissonSchedule> loops = new EnumMap<>(LoopPath.class);
    private final Map<LoopPath, HeartbeatMonitor> monitors;

    /**
     * What the tasks need to know of {@code DefenceSettings} (kept apart so that this package does not
     * depend on the mixer's configuration classes).
     *
     * @param loopPaths the loop paths, each at {@code heartbeatRate}
     * @param replyLoopsEndHere whether this mixer peels its own response-path loops' last hop (a response
     *     mixer): they are then recognised at intake and count for {@code loopsPerBatch}; otherwise they
     *     come back through the reply inbox ({@link #recogniseReply})
     */
    public record Settings(
            int dummyMinBatch,
            double dummyRate,
            double dummyMaxRate,
            int dummyHops,
            double heartbeatRate,
            int heartbeatHops,
            int loopsPerBatch,
            Set<LoopPath> loopPaths,
            boolean replyLoopsEndHere) {
        public Settings {
            loopPaths = Set.copyOf(loopPaths);
        }

        /** Loops on the forward path only. */
        public Settings(
                int dummyMinBatch,
                double dummyRate,
                double dummyMaxRate,
                int dummyHops,
                double heartbeatRate,
                int heartbeatHops,
                int loopsPerBatch) {
            this(
                    dummyMinBatch,
                    dummyRate,
                    dummyMaxRate,
                    dummyHops,
                    heartbeatRate,
                    heartbeatHops,
                    loopsPerBatch,
                    Set.of(LoopPath.FORWARD),
                    false);
        }
    }

    /**
     * @param monitors one monitor per loop path, exactly the paths of {@code settings.loopPaths()} when
     *     {@code settings.heartbeatRate() > 0}, none otherwise
     */
    public MixerCover(
            Settings settings,
            CoverPacketBuilder builder,
            Map<LoopPath, HeartbeatMonitor> monitors,
            CoverMetrics metrics,
            SecureRandom random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Set<LoopPath> expected = settings.heartbeatRate() > 0 ? settings.loopPaths() : Set.of();
        if (!monitors.keySet().equals(expected)) {
            throw new IllegalArgumentException("a heartbeat monitor goes with each loop path of heartbeat.rate > 0:"
                    + " expected monitors for " + expected + " (rate " + settings.heartbeatRate() + "), found "
                    + monitors.keySet());
        }
        EnumMap<LoopPath, HeartbeatMonitor> m = new EnumMap<>(LoopPath.class);
        m.putAll(monitors);
        this.monitors = Collections.unmodifiableMap(m);
        this.idleDummies = settings.dummyRate() > 0 ? new PoissonSchedule(settings.dummyRate(), random) : null;
        for (LoopPath p : expected) {
            loops.put(p, new PoissonSchedule(settings.heartbeatRate(), random));
        }
    }

    /** One forward-path monitor, or none (the defences before response-path loops). */
    public MixerCover(
            Settings settings,
            CoverPacketBuilder builder,
            Optional<HeartbeatMonitor> heartbeat,
            CoverMetrics metrics,
            SecureRandom random) {
        this(settings, builder, heartbeat.map(h -> Map.of(LoopPath.FORWARD, h)).orElse(Map.of()), metrics, random);
    }

    /** A new per-task part (one per stream task, used from its thread only). */
    public TaskCover forTask() {
        return new TaskCover(this);
    }

    /**
     * The forward path's heartbeat monitor when it has one, else the response path's; empty without
     * loops. {@link #heartbeats()} has both.
     */
    public Optional<HeartbeatMonitor> heartbeat() {
        HeartbeatMonitor forward = monitors.get(LoopPath.FORWARD);
        return Optional.ofNullable(forward != null ? forward : monitors.get(LoopPath.RESPONSE));
    }

    /** The heartbeat monitor of each loop path that is on. */
    public Map<LoopPath, HeartbeatMonitor> heartbeats() {
        return monitors;
    }

    /** Whether any path's alarm is raised (as of its last test). */
    public boolean alarm() {
        for (HeartbeatMonitor m : monitors.values()) {
            if (m.alarm()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A reply with SURB id {@code surbId} was read from the reply inbox at {@code nowMillis}: whether it
     * is one of this mixer's response-path loops (counted as returned if so). Thread-safe; the inbox
     * reader calls it.
     */
    public boolean recogniseReply(byte[] surbId, long nowMillis) {
        HeartbeatMonitor m = monitors.get(LoopPath.RESPONSE);
        return m != null && m.recognise(surbId, nowMillis);
    }

    /** Runs every path's test if one is due. */
    public void check(long nowMillis) {
        for (HeartbeatMonitor m : monitors.values()) {
            m.check(nowMillis);
        }
    }

    Settings settings() {
        return settings;
    }

    CoverPacketBuilder builder() {
        return builder;
    }

    CoverMetrics metrics() {
        return metrics;
    }

    int idleDummiesDue(long nowMillis) {
        return idleDummies == null ? 0 : idleDummies.takeDue(nowMillis);
    }

    int loopsDue(LoopPath path, long nowMillis) {
        PoissonSchedule s = loops.get(path);
        return s == null ? 0 : s.takeDue(nowMillis);
    }

    HeartbeatMonitor monitor(LoopPath path) {
        return monitors.get(path);
    }

    /** Whether any monitor asks to hold releases (its alarm is raised and it was built with hold). */
    boolean holding() {
        for (HeartbeatMonitor m : monitors.values()) {
            if (m.holding()) {
                return true;
            }
        }
        return false;
    }

    boolean sendsLoops() {
        return !monitors.isEmpty();
    }
}
