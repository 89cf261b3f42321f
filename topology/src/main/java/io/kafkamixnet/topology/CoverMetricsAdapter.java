package io.kafkamixnet.topology;

import io.kafkamixnet.topology.cover.CoverMetrics;

/** The defences count into the mixer's {@link MixerMetrics}, whose recording methods stay package-private. */
record CoverMetricsAdapter(MixerMetrics metrics) implements CoverMetrics {

    @Override
    public void dummiesSent(int n) {
        metrics.dummiesSent(n);
    }

    @Override
    public void coverNotBuilt(int n) {
        metrics.coverNotBuilt(n);
    }

    @Override
    public void loopSent() {
        metrics.loopSent();
    }

    @Override
    public void loopReturned() {
        metrics.loopReturned();
    }

    @Override
    public void heartbeatAlarm(boolean raised) {
        metrics.heartbeatAlarm(raised);
    }

    @Override
    public void releaseHeld() {
        metrics.releaseHeld();
    }
}
