package io.kafkamixnet.topology.release;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Threshold mix: the arrival that makes {@code size} packets held releases exactly those. With
 * {@code maxWait}, a tick also releases everything held once the oldest has waited that long
 * (bounded delay, thin batches); without it there is no tick.
 */
public final class ThresholdRelease implements ReleasePolicy {

    /** Bounds of the max-wait tick: a tenth of the wait, at least 5 ms, at most 1 s. */
    private static final long MIN_TICK_MILLIS = 5;

    private static final long MAX_TICK_MILLIS = 1000;

    private final int size;
    private final Optional<Duration> maxWait;

    public ThresholdRelease(int size, Optional<Duration> maxWait) {
        this.size = size;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    }

    @Override
    public Optional<Duration> tickInterval() {
        return maxWait.map(w ->
                Duration.ofMillis(Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, w.toMillis() / 10))));
    }

    @Override
    public List<HeldPacket> onArrival(HeldPackets held, long nowMillis) {
        // Checked at every arrival, so "all" is exactly size (more only if a restart brought back a
        // pool held under another strategy or a larger size: then all of it leaves, as it always has).
        return held.size() >= size ? held.all() : List.of();
    }

    @Override
    public List<HeldPacket> onTick(HeldPackets held, long nowMillis) {
        if (maxWait.isEmpty()) {
            return List.of();
        }
        long wait = maxWait.get().toMillis();
        var oldest = held.oldestArrival();
        return oldest.isPresent() && nowMillis - oldest.getAsLong() >= wait ? held.all() : List.of();
    }

    /** Every release takes everything held: {@link Forgetting.AllLeave}. */
    @Override
    public Forgetting forgetting() {
        return new Forgetting.AllLeave();
    }
}
