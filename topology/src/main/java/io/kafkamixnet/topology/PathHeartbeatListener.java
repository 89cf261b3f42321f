package io.kafkamixnet.topology;

import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.topology.cover.LoopPath;

/** What one loop path's heartbeat monitor sees, counted into the mixer's {@link MixerMetrics} under that path. */
record PathHeartbeatListener(MixerMetrics metrics, LoopPath path) implements HeartbeatMonitor.Listener {

    @Override
    public void loopSent() {
        metrics.loopSent(path);
    }

    @Override
    public void loopReturned() {
        metrics.loopReturned(path);
    }

    @Override
    public void heartbeatAlarm(boolean raised) {
        metrics.heartbeatAlarm(path, raised);
    }
}
