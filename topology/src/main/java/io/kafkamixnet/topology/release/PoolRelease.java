package io.kafkamixnet.topology.release;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Timed dynamic pool mix: every {@code interval}, a uniformly random choice of
 * {@link #releaseCount(long, int, double) releaseCount(held)} packets leaves; at least
 * {@code minRetained} stay. Released entries are marked under random keys and swept (the survivors
 * rewritten under fresh keys) once they outnumber the held ones, so the changelog does not reveal the
 * choice and a round writes O(released) entries.
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
        // Floyd's algorithm: a uniformly random k-subset of the n places in O(k) steps and memory,
        // whatever the pool holds (a round of a pool of a million must not copy it).
        int n = held.size();
        Set<Integer> places = new HashSet<>(k * 2);
        List<HeldPacket> chosen = new ArrayList<>(k);
        for (int j = n - k; j < n; j++) {
            int t = random.nextInt(j + 1);
            int place = places.add(t) ? t : j;
            if (place == j) {
                places.add(j);
            }
            chosen.add(held.get(place));
        }
        return chosen;
    }

    /** A pool keeps at least {@code minRetained} held at all times: its index lives on disk, not on the heap. */
    @Override
    public boolean holdsMany() {
        return true;
    }

    /**
     * Released entries are marked, and the pool store is swept once they are as many as the held ones
     * ({@link Forgetting.MarkThenSweepWhenOutnumbered}): the store writes of a round are O(released),
     * not O(held).
     */
    @Override
    public Forgetting forgetting() {
        return new Forgetting.MarkThenSweepWhenOutnumbered();
    }
}
