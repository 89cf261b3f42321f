package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.MixnetClientStats;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link MixnetClientStats}, shared by the parts of a client that count.
 * Aggregates only, never anything per message. Thread-safe.
 */
public final class ClientCounters {

    final LongAdder requestsSent = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder repliesCompleted = new LongAdder();
    final LongAdder serviceErrors = new LongAdder();
    final LongAdder requestsTimedOut = new LongAdder();
    final LongAdder requestsFailed = new LongAdder();
    final LongAdder directoryFailures = new LongAdder();
    final LongAdder inboxRecords = new LongAdder();
    final LongAdder repliesNotOurs = new LongAdder();
    final LongAdder repliesForExpiredSurbs = new LongAdder();
    final LongAdder repliesRejected = new LongAdder();
    final LongAdder undecodableInboxRecords = new LongAdder();
    final LongAdder loopsSent = new LongAdder();
    final LongAdder loopsReturned = new LongAdder();
    private volatile boolean loopAlarm;

    /** What a client's loop monitor counts, into these counters. */
    public HeartbeatMonitor.Listener loopListener() {
        return new HeartbeatMonitor.Listener() {
            @Override
            public void loopSent() {
                loopsSent.increment();
            }

            @Override
            public void loopReturned() {
                loopsReturned.increment();
            }

            @Override
            public void heartbeatAlarm(boolean raised) {
                loopAlarm = raised;
            }
        };
    }

    /** A request's packets were handed to the producer. */
    public void requestSent() {
        requestsSent.increment();
    }

    /** The broker acknowledged a forward packet. */
    public void packetSent() {
        packetsSent.increment();
    }

    /** A request failed before it was registered (no route, too many pending requests). */
    public void requestFailed() {
        requestsFailed.increment();
    }

    /**
     * A request failed before it was registered because the directory gave no route: too few usable
     * mixers, or an unusable snapshot or entry. Counted in {@code requestsFailed} too.
     */
    public void requestFailedOnDirectory() {
        requestsFailed.increment();
        directoryFailures.increment();
    }

    /**
     * The counters now, with {@code pendingRequests} waiting and the route selector's counts of plans
     * that avoided or had to keep mixers reporting a heartbeat alarm.
     */
    public MixnetClientStats stats(int pendingRequests, long alarmedMixersAvoided, long alarmedMixersUsed) {
        return new MixnetClientStats(
                requestsSent.sum(),
                packetsSent.sum(),
                repliesCompleted.sum(),
                serviceErrors.sum(),
                requestsTimedOut.sum(),
                requestsFailed.sum(),
                directoryFailures.sum(),
                inboxRecords.sum(),
                repliesNotOurs.sum(),
                repliesForExpiredSurbs.sum(),
                repliesRejected.sum(),
                undecodableInboxRecords.sum(),
                pendingRequests,
                loopsSent.sum(),
                loopsReturned.sum(),
                loopAlarm,
                alarmedMixersAvoided,
                alarmedMixersUsed);
    }
}
