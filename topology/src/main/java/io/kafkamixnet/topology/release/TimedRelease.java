package io.kafkamixnet.topology.release;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Timed mix: every {@code interval}, everything held leaves; an arrival releases nothing. */
public final class TimedRelease implements ReleasePolicy {

    private final Duration interval;

    public TimedRelease(Duration interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public Optional<Duration> tickInterval() {
        return Optional.of(interval);
    }

    @Override
    public List<HeldPacket> onArrival(HeldPackets held, long nowMillis) {
        return List.of();
    }

    @Override
    public List<HeldPacket> onTick(HeldPackets held, long nowMillis) {
        return held.all();
    }

    /** Every release takes everything held: {@link Forgetting.AllLeave}. */
    @Override
    public Forgetting forgetting() {
        return new Forgetting.AllLeave();
    }
}
