package io.kafkamixnet.topology.cover;

import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;

/** Where the defences count what they do: aggregates only, never a per-packet series. */
public interface CoverMetrics extends HeartbeatMonitor.Listener {

    /** {@code n} dummies written (top-ups and idle ones). */
    void dummiesSent(int n);

    /** A dummy or loop wanted but not built: no route in the directory right now, or over budget. */
    void coverNotBuilt(int n);

    /** A release the policy chose was held back by the heartbeat (alarm with hold, or too few loops). */
    void releaseHeld();

    /** Counts nothing (tests, tools). */
    CoverMetrics NONE = new CoverMetrics() {
        @Override
        public void dummiesSent(int n) {}

        @Override
        public void coverNotBuilt(int n) {}

        @Override
        public void loopSent() {}

        @Override
        public void loopReturned() {}

        @Override
        public void heartbeatAlarm(boolean raised) {}

        @Override
        public void releaseHeld() {}
    };
}
