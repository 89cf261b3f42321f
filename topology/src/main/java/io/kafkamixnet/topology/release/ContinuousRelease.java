package io.kafkamixnet.topology.release;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Continuous (stop-and-go) mix: each packet is due at its arrival plus the delay in its own hop
 * command, and every {@code tick} the due ones leave. Delays above {@code maxDelay} are refused.
 * Released entries are marked, and swept every {@code rekeyInterval}
 * ({@link Forgetting.MarkThenSweep}): a rewrite of the pool at every 5 ms tick would cost too much.
 */
public final class ContinuousRelease implements ReleasePolicy {

    private final Duration tick;
    private final long maxDelayMillis;
    private final Duration rekeyInterval;

    public ContinuousRelease(Duration tick, Duration maxDelay, Duration rekeyInterval) {
        this.tick = Objects.requireNonNull(tick, "tick");
        this.maxDelayMillis = maxDelay.toMillis();
        this.rekeyInterval = Objects.requireNonNull(rekeyInterval, "rekeyInterval");
    }

    @Override
    public Optional<Duration> tickInterval() {
        return Optional.of(tick);
    }

    @Override
    public boolean admitsDelay(long delayMillis) {
        return delayMillis <= maxDelayMillis;
    }

    @Override
    public long releaseAtMillis(long arrivedAtMillis, long delayMillis) {
        return arrivedAtMillis + delayMillis;
    }

    @Override
    public List<HeldPacket> onArrival(HeldPackets held, long nowMillis) {
        return List.of();
    }

    @Override
    public List<HeldPacket> onTick(HeldPackets held, long nowMillis) {
        return held.dueBy(nowMillis);
    }

    @Override
    public Forgetting forgetting() {
        return new Forgetting.MarkThenSweep(rekeyInterval);
    }
}
