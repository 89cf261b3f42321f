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

    /** Every held packet, in no particular order, as a new list the caller may reorder. */
    List<HeldPacket> all();

    /** Packets due at {@code nowMillis} (release time at or before it), earliest first, as a new list. */
    List<HeldPacket> dueBy(long nowMillis);

    /** Arrival time of the packet held longest; empty when nothing is held. */
    OptionalLong oldestArrival();
}
