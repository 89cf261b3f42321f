package io.kafkamixnet.topology.cover;

import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The defences of one mixer application, shared by its stream tasks: the packet builder, the Poisson
 * schedules of idle dummies and of loops (one each per mixer, whatever the task count), and the
 * heartbeat monitor. {@link #forTask()} gives each task its own part. Thread-safe.
 */
public final class MixerCover {

    private final Settings settings;
    private final CoverPacketBuilder builder;
    private final CoverMetrics metrics;
    private final PoissonSchedule idleDummies;
    private final PoissonSchedule loops;
    private final HeartbeatMonitor heartbeat;

    /**
     * What the tasks need to know of {@code DefenceSettings} (kept apart so that this package does not
     * depend on the mixer's configuration classes).
     */
    public record Settings(
            int dummyMinBatch,
            double dummyRate,
            double dummyMaxRate,
            int dummyHops,
            double heartbeatRate,
            int heartbeatHops,
            int loopsPerBatch) {}

    /**
     * @param heartbeat the monitor, present exactly when {@code settings.heartbeatRate() > 0}
     */
    public MixerCover(
            Settings settings,
            CoverPacketBuilder builder,
            Optional<HeartbeatMonitor> heartbeat,
            CoverMetrics metrics,
            SecureRandom random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (heartbeat.isPresent() != settings.heartbeatRate() > 0) {
            throw new IllegalArgumentException("a heartbeat monitor goes with heartbeat.rate > 0, found rate "
                    + settings.heartbeatRate() + " and monitor " + heartbeat.isPresent());
        }
        this.heartbeat = heartbeat.orElse(null);
        this.idleDummies = settings.dummyRate() > 0 ? new PoissonSchedule(settings.dummyRate(), random) : null;
        this.loops = settings.heartbeatRate() > 0 ? new PoissonSchedule(settings.heartbeatRate(), random) : null;
    }

    /** A new per-task part (one per stream task, used from its thread only). */
    public TaskCover forTask() {
        return new TaskCover(this);
    }

    /** The heartbeat monitor, when loops are on. */
    public Optional<HeartbeatMonitor> heartbeat() {
        return Optional.ofNullable(heartbeat);
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

    int loopsDue(long nowMillis) {
        return loops == null ? 0 : loops.takeDue(nowMillis);
    }

    HeartbeatMonitor monitor() {
        return heartbeat;
    }
}
