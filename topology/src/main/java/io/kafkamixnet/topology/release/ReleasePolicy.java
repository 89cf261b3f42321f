package io.kafkamixnet.topology.release;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The release rule of one mixing strategy: which packets a stream task holds, and which of them
 * leave on an arrival or on a wall-clock tick. Created by {@code MixingStrategy.releasePolicy()};
 * one instance per stream task, called from its stream thread only.
 *
 * <p>Contract:
 * <ul>
 *   <li>A policy only chooses. It never sees packet bytes or commands, writes no store and emits no
 *       record; the processor opens, shuffles and writes what it chooses, and the sealed pool
 *       forgets it.</li>
 *   <li>{@link #onArrival} and {@link #onTick} return a subset of {@code held} (each packet at most
 *       once), in any order: the processor shuffles every batch afresh. An empty list releases
 *       nothing.</li>
 *   <li>A policy keeps no state of its own about held packets: the view is rebuilt from the stores
 *       when a task starts, so a policy that kept state would lose it on a restart or a move.</li>
 *   <li>Randomness, where a rule needs it, comes from a {@link java.security.SecureRandom}.</li>
 * </ul>
 *
 * <p>A new strategy is a new {@code MixingStrategy} record, its configuration keys (declared in
 * {@code MixerConfigDef}, read in {@code MixerConfigReader}), and one class implementing this
 * interface; the processor does not change ({@code docs/architecture.md}).
 */
public interface ReleasePolicy {

    /** How often the processor calls {@link #onTick} (wall-clock); empty: never. */
    Optional<Duration> tickInterval();

    /**
     * Whether a packet whose hop command asks for {@code delayMillis} may be held. A packet refused
     * here is dead-lettered as {@code DELAY_TOO_LONG}. Default: any delay (the strategy ignores it).
     */
    default boolean admitsDelay(long delayMillis) {
        return true;
    }

    /**
     * When a packet that arrives at {@code arrivedAtMillis} with hop delay {@code delayMillis} is due.
     * Default: at arrival (the strategy ignores the delay).
     */
    default long releaseAtMillis(long arrivedAtMillis, long delayMillis) {
        return arrivedAtMillis;
    }

    /** What leaves right after a packet was added to {@code held} at {@code nowMillis}. */
    List<HeldPacket> onArrival(HeldPackets held, long nowMillis);

    /** What leaves on the wall-clock tick at {@code nowMillis}. */
    List<HeldPacket> onTick(HeldPackets held, long nowMillis);

    /**
     * Whether this rule keeps many packets held across its releases (a pool mix keeps at least its
     * minimum, possibly millions). The mixer then keeps its index of held packets (store key, arrival
     * and due time) in a local, un-logged RocksDB store rather than on the heap, so that its heap does
     * not grow with the pool; that index answers {@link HeldPackets#get} with one lookup but
     * {@link HeldPackets#all}, {@link HeldPackets#dueBy} and {@link HeldPackets#oldestArrival} with a
     * scan of every held packet. Default: false (everything held leaves within a round or a delay,
     * and the heap index is faster).
     */
    default boolean holdsMany() {
        return false;
    }

    /** How released entries leave the store while others are still held. Default: swept at each release. */
    default Forgetting forgetting() {
        return new Forgetting.SweepAtRelease();
    }
}
