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
