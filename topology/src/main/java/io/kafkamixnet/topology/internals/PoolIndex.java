package io.kafkamixnet.topology.internals;

import io.kafkamixnet.topology.release.HeldPacket;
import io.kafkamixnet.topology.release.HeldPackets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;

/**
 * What {@link SealedPool} knows about its store besides the sealed bytes: for every held ("live")
 * packet its pool store key, arrival and due time at a position {@code 0..size()-1} (the
 * {@link HeldPackets} view a release policy chooses from), and the store keys of released entries
 * not yet swept. Derived state only: the pool and pool-meta stores are the truth, and the index is
 * wiped and rebuilt from them by {@link SealedPool#restore} whenever a task starts, so an aborted
 * transaction or a crash can never leave it disagreeing with them. Nothing an index holds is ever
 * written to a changelog.
 *
 * <p>Two implementations: {@link HeldIndex} (on the heap, ~60 bytes per held packet) and
 * {@link StoredHeldIndex} (in a local, un-logged RocksDB store: the heap it needs does not grow
 * with the number of held packets). Not thread-safe: one per stream task.
 */
public interface PoolIndex extends HeldPackets {

    /** Adds a live packet; its key must be neither live nor released. */
    void add(HeldPacket packet);

    /**
     * Removes the live packet under {@code key} (nothing if absent). The last position moves into
     * the gap, so positions of other packets may change.
     */
    void remove(Bytes key);

    /** Records that the entry under {@code key}, no longer live, is still in the pool store. */
    void addReleased(Bytes key);

    /** Whether {@code key} was recorded by {@link #addReleased} since the last sweep. */
    boolean isReleased(Bytes key);

    /** Released entries still in the pool store. */
    int releasedCount();

    /** Every store key the index knows, live and released, in ascending key order (unsigned bytes). */
    void forEachStoredKey(Consumer<Bytes> action);

    /**
     * The sweep: gives every live packet a fresh key from {@code freshKeys} and calls
     * {@code rewrite(old, newKey)} for each, in ascending order of the new keys (fresh random keys
     * make that a uniformly random order, unrelated to the old keys); then calls
     * {@code delete(oldKey)} for every old key, live and released, in ascending key order.
     * Afterwards the index holds the live packets under their new keys and nothing released. Needs no
     * memory per packet beyond what the index itself keeps.
     */
    void rekey(Supplier<byte[]> freshKeys, BiConsumer<HeldPacket, Bytes> rewrite, Consumer<Bytes> delete);

    /** Forgets everything, live and released. */
    void clear();
}
