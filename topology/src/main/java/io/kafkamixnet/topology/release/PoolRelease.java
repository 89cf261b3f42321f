package io.kafkamixnet.topology.release;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Timed dynamic pool mix: every {@code interval}, a uniformly random choice of
 * {@link #releaseCount(long, int, double) releaseCount(held)} packets leaves; at least
 * {@code minRetained} stay. The survivors are rewritten under fresh keys at every round
 * ({@link Forgetting.SweepAtRelease}), so the changelog does not reveal the choice.
 */
public final class PoolRelease implements ReleasePolicy {

    private final Duration interval;
    private final int minRetained;
    private final double fraction;
    private final SecureRandom random;

    public PoolRelease(Duration interval, int minRetained, double fraction, SecureRandom random) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.minRetained = minRetained;
        this.fraction = fraction;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** How many of {@code held} packets one round releases: {@code min(held - minRetained, floor(held * fraction))}, 0 at or below {@code minRetained}. */
    public static long releaseCount(long held, int minRetained, double fraction) {
        if (held <= minRetained) {
            return 0;
        }
        return Math.min(held - minRetained, (long) Math.floor(held * fraction));
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
        int k = (int) releaseCount(held.size(), minRetained, fraction);
        if (k == 0) {
            return List.of();
        }
        // The first k places of a uniform Fisher-Yates permutation: every k-subset equally likely.
        List<HeldPacket> all = held.all();
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(all.size() - i);
            HeldPacket tmp = all.get(i);
            all.set(i, all.get(j));
            all.set(j, tmp);
        }
        return new ArrayList<>(all.subList(0, k));
    }
}
