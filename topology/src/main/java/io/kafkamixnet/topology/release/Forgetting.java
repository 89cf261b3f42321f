package io.kafkamixnet.topology.release;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sealed pool removes released entries from its store while other packets are still held
 * (when nothing is held after a release, every entry is deleted at once, whatever the policy).
 * Either way no released entry is ever deleted on its own: that delete would tell a changelog reader
 * which intake record left in which flush.
 */
public sealed interface Forgetting {

    /**
     * Every release takes everything held (timed and threshold mixes), so nothing is ever forgotten
     * while other packets stay held: a release is followed by the delete of every entry, which says
     * only "all left". The sealed pool refuses a release that leaves packets behind.
     *
     * <p>Only under this forgetting does the {@code pool} store go through the Kafka Streams record
     * cache ({@code MixerTopology}): an entry put and released within one commit then reaches neither
     * RocksDB nor the changelog as a put (the commit writes its delete only). {@code pool-meta} stays
     * uncached, so the held count is still written after every change. The cache writes what
     * the uncached store would have written, minus the puts it overwrote or deleted first, in the
     * same transaction; what it writes early (an eviction, when the cache is full) is chosen by
     * least-recent use, and here the only reads are the ones that open everything at a release, so
     * the order says nothing about which packet left. Under a policy that releases some of the held
     * packets, the reads at a release would mark the released ones, and an eviction would write the
     * others first: so no other forgetting is cached.
     */
    record AllLeave() implements Forgetting {}

    /** Right after each release, delete every entry and rewrite the survivors under fresh keys. */
    record SweepAtRelease() implements Forgetting {}

    /**
     * At release, write one sealed release mark per released entry under a random key (so a crash
     * cannot release it twice); delete and rewrite everything at most every {@code interval}. For
     * policies that release a few packets often, where a rewrite of the pool at every release would
     * cost too much.
     */
    record MarkThenSweep(Duration interval) implements Forgetting {
        public MarkThenSweep {
            Objects.requireNonNull(interval, "interval");
        }
    }

    /**
     * At release, write one sealed release mark per released entry under a random key, as
     * {@link MarkThenSweep} does; sweep (delete everything, rewrite the held entries under fresh keys)
     * as soon as the released entries not yet swept are at least as many as the held ones. A sweep
     * then rewrites at most as many entries as were released since the last one, so the store writes
     * per released packet are bounded by a constant whatever the pool holds (amortised O(released) per
     * round, not O(held)), and the store holds at most twice the held entries. For a pool mix, whose
     * pool can be large and whose rounds release a fraction of it.
     */
    record MarkThenSweepWhenOutnumbered() implements Forgetting {}
}
