package io.kafkamixnet.topology.release;

import java.util.List;
import java.util.OptionalLong;

/**
 * Read-only view of the packets one stream task holds, for a {@link ReleasePolicy} to choose from.
 * Exact: the count is the pool's count, never an estimate.
 */
public interface HeldPackets {

    /** Packets held now. */
    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The held packet at {@code index} (0 to {@code size() - 1}) of an order that stays fixed until the
     * held packets change: random access, so that a policy can choose k of n packets in O(k).
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in that range
     */
    HeldPacket get(int index);

    /** Every held packet, in no particular order, as a new list the caller may reorder. */
    List<HeldPacket> all();

    /** Packets due at {@code nowMillis} (release time at or before it), earliest first, as a new list. */
    List<HeldPacket> dueBy(long nowMillis);

    /** Arrival time of the packet held longest; empty when nothing is held. */
    OptionalLong oldestArrival();
}
