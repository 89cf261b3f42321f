package io.kafkamixnet.topology;

import io.kafkamixnet.topology.cover.LoopPath;
import io.kafkamixnet.topology.release.HeldPacket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one mixer application, aggregated over its stream tasks. Thread-safe; read by the
 * CLI, the demo and {@link MixerMeterBinder} (which exports these same counters to Micrometer rather
 * than counting again). Only aggregates: never a per-packet series, never packet content.
 *
 * <p>Distributions (batch sizes, hold times) are not kept here beyond {@link BatchStats}: each release
 * is reported to the {@link ReleaseObserver}s registered with {@link #observeReleases}, which is how
 * the Prometheus histograms get them.
 */
public final class MixerMetrics {

    private final Map<String, AtomicLong> heldByTask = new ConcurrentHashMap<>();
    private final Map<RejectionReason, LongAdder> rejections = new EnumMap<>(RejectionReason.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final BatchStatsRecorder batches = new BatchStatsRecorder();
    private final List<ReleaseObserver> releaseObservers = new CopyOnWriteArrayList<>();
    private final LongAdder dummiesSent = new LongAdder();
    private final LongAdder coverNotBuilt = new LongAdder();
    private final LongAdder loopsSent = new LongAdder();
    private final LongAdder loopsReturned = new LongAdder();
    private final LongAdder alarmsRaised = new LongAdder();
    private final LongAdder releasesHeld = new LongAdder();
    private final LongAdder responseLoopsSent = new LongAdder();
    private final LongAdder responseLoopsReturned = new LongAdder();
    /** The alarm of each loop path whose monitor reported one; the mixer's alarm is any of them. */
    private final Map<LoopPath, Boolean> alarms = new ConcurrentHashMap<>();

    public MixerMetrics() {
        for (RejectionReason r : RejectionReason.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    /** Packets held right now by all tasks of this instance (exact: each task reports its sealed pool's count). */
    public long heldCount() {
        long sum = 0;
        for (AtomicLong v : heldByTask.values()) {
            sum += v.get();
        }
        return sum;
    }

    /** Held packets per stream task ({@code <subtopology>_<partition>}). */
    public Map<String, Long> heldByTask() {
        Map<String, Long> m = new TreeMap<>();
        heldByTask.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Packets that passed every check and entered the pool. */
    public long acceptedCount() {
        return accepted.sum();
    }

    /** Packets that left the pool (including Drop packets, which produce no output). */
    public long releasedCount() {
        return released.sum();
    }

    /** Released packets whose command was Drop (cover traffic): discarded, not written. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Rejections by reason; every reason is present. */
    public Map<RejectionReason, Long> rejections() {
        Map<RejectionReason, Long> m = new EnumMap<>(RejectionReason.class);
        rejections.forEach((r, v) -> m.put(r, v.sum()));
        return m;
    }

    public long rejectionCount(RejectionReason reason) {
        return rejections.get(reason).sum();
    }

    /**
     * Tells {@code observer} of every release from now on, on the stream thread that releases: it
     * must be quick and must not throw.
     */
    public void observeReleases(ReleaseObserver observer) {
        releaseObservers.add(java.util.Objects.requireNonNull(observer, "observer"));
    }

    /** Stops telling {@code observer}. */
    public void stopObserving(ReleaseObserver observer) {
        releaseObservers.remove(observer);
    }

    /** Told of each batch a stream task releases: its size, and how long each packet in it was held. */
    public interface ReleaseObserver {
        /** One batch of {@code size} packets left the pool (drops included). */
        void batchReleased(int size);

        /** One released packet had been held {@code millis} milliseconds (from intake to release). */
        void packetHeld(long millis);
    }

    /** Sizes of the batches released so far. */
    public BatchStats batchStats() {
        return batches.snapshot();
    }

    /** Dummy packets this mixer built and wrote (top-ups of thin flushes and idle ones). */
    public long dummiesSentCount() {
        return dummiesSent.sum();
    }

    /** Dummies or loops wanted but not built: no route in the directory at the time, or over {@code dummy.max-rate}. */
    public long coverNotBuiltCount() {
        return coverNotBuilt.sum();
    }

    /** Heartbeat loops this mixer wrote, on every path. */
    public long loopsSentCount() {
        return loopsSent.sum();
    }

    /** This mixer's heartbeat loops that came back, on every path. */
    public long loopsReturnedCount() {
        return loopsReturned.sum();
    }

    /** Response-path loops (reply blocks through response mixers) this mixer wrote; part of {@link #loopsSentCount}. */
    public long responseLoopsSentCount() {
        return responseLoopsSent.sum();
    }

    /** Response-path loops that came back; part of {@link #loopsReturnedCount}. */
    public long responseLoopsReturnedCount() {
        return responseLoopsReturned.sum();
    }

    /**
     * Whether the heartbeat alarm is raised now on any loop path (too few loops came back: a possible
     * n-1 attack, or a mixer on their routes that drops them).
     */
    public boolean heartbeatAlarm() {
        return alarms.containsValue(Boolean.TRUE);
    }

    /** Whether the alarm of {@code path}'s loops is raised now. */
    public boolean heartbeatAlarm(LoopPath path) {
        return alarms.getOrDefault(path, Boolean.FALSE);
    }

    /** How often the heartbeat alarm was raised. */
    public long heartbeatAlarmsRaised() {
        return alarmsRaised.sum();
    }

    /** Releases the strategy chose that the heartbeat held back (alarm with hold, or too few loops back). */
    public long releasesHeldCount() {
        return releasesHeld.sum();
    }

    // ---- recording, by the mixing processor (same package) ----

    void dummiesSent(int n) {
        dummiesSent.add(n);
    }

    void coverNotBuilt(int n) {
        coverNotBuilt.add(n);
    }

    void loopSent() {
        loopSent(LoopPath.FORWARD);
    }

    void loopReturned() {
        loopReturned(LoopPath.FORWARD);
    }

    void heartbeatAlarm(boolean raised) {
        heartbeatAlarm(LoopPath.FORWARD, raised);
    }

    void loopSent(LoopPath path) {
        loopsSent.increment();
        if (path == LoopPath.RESPONSE) {
            responseLoopsSent.increment();
        }
    }

    void loopReturned(LoopPath path) {
        loopsReturned.increment();
        if (path == LoopPath.RESPONSE) {
            responseLoopsReturned.increment();
        }
    }

    void heartbeatAlarm(LoopPath path, boolean raised) {
        alarms.put(path, raised);
        if (raised) {
            alarmsRaised.increment();
        }
    }

    void releaseHeld() {
        releasesHeld.increment();
    }

    void taskHeld(String taskId, long held) {
        heldByTask.computeIfAbsent(taskId, k -> new AtomicLong()).set(held);
    }

    void taskClosed(String taskId) {
        heldByTask.remove(taskId);
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(RejectionReason reason) {
        rejections.get(reason).increment();
    }

    void released(int batchSize, int drops) {
        released.add(batchSize);
        dropped.add(drops);
        batches.record(batchSize);
        for (ReleaseObserver o : releaseObservers) {
            o.batchReleased(batchSize);
        }
    }

    /** The packets of a release and when it happened: each one's hold time goes to the observers. */
    void heldUntil(List<HeldPacket> items, long releasedAtMillis) {
        if (releaseObservers.isEmpty()) {
            return;
        }
        for (HeldPacket p : items) {
            // A restored pool may carry arrival times from a clock that has since been set back.
            long held = Math.max(0, releasedAtMillis - p.arrivedAtMillis());
            for (ReleaseObserver o : releaseObservers) {
                o.packetHeld(held);
            }
        }
    }

    /**
     * Batch size statistics.
     *
     * @param count number of batches released
     * @param total packets in them
     * @param min   smallest batch (0 if none)
     * @param max   largest batch
     * @param last  the most recent batch
     */
    public record BatchStats(long count, long total, long min, long max, long last) {
        public double mean() {
            return count == 0 ? 0.0 : (double) total / count;
        }
    }

    private static final class BatchStatsRecorder {
        private long count;
        private long total;
        private long min;
        private long max;
        private long last;

        synchronized void record(int size) {
            min = count == 0 ? size : Math.min(min, size);
            max = Math.max(max, size);
            count++;
            total += size;
            last = size;
        }

        synchronized BatchStats snapshot() {
            return new BatchStats(count, total, min, max, last);
        }
    }

    @Override
    public String toString() {
        return "MixerMetrics[held=" + heldCount() + ", accepted=" + acceptedCount() + ", released=" + releasedCount()
                + ", batches=" + batchStats() + "]";
    }
}
