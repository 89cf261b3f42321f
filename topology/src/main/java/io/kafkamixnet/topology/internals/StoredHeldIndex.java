package io.kafkamixnet.topology.internals;

import io.kafkamixnet.topology.release.HeldPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The index of one task's held packets in a local key-value store (the mixer's {@code pool-index}
 * store: RocksDB, no changelog, no cache), so that the heap it needs does not grow with the pool.
 * Holds no packet bytes, only what {@link HeldIndex} holds on the heap: per live packet its pool
 * store key, arrival and due time, and the keys of released entries not yet swept.
 *
 * <p>Layout (first byte of the index key says which part):
 * <ul>
 *   <li>{@code 'P' || position (4 bytes, big-endian)} → {@code arrival (8) || due (8) || key}: the
 *       live packets at positions {@code 0..size-1}, so that {@link #get} is one lookup and a uniform
 *       choice by position stays uniform. A removal moves the last position into the gap (swap-remove).</li>
 *   <li>{@code 'K' || key} → {@code 'L' || position} for a live packet, {@code 'R'} for a released
 *       entry still in the pool store; in key order, which is the order a sweep deletes in.</li>
 *   <li>{@code 'S' || new key} → position: only during {@link #rekey}, the fresh key of every live
 *       packet, read back in key order (a uniformly random order).</li>
 * </ul>
 * The count of live and released packets are fields; the store is wiped ({@link #clear}) and rebuilt
 * from the pool stores at every task start, never trusted across one (under exactly-once, a local
 * RocksDB write of an aborted transaction is not rolled back).
 *
 * <p>Cost: an intake is 2 local puts, a removal 2 puts and 2 deletes (plus 2 gets), a sweep about
 * 6 local writes per live packet. {@link #all}, {@link #dueBy} and {@link #oldestArrival} scan every
 * position (the pool mix never asks for them: it chooses by position).
 */
public final class StoredHeldIndex implements PoolIndex {

    private static final byte POSITION = 'P';
    private static final byte KEY = 'K';
    private static final byte SWEEP = 'S';
    private static final byte LIVE = 'L';
    private static final byte RELEASED = 'R';
    private static final byte[] RELEASED_VALUE = {RELEASED};
    private static final Comparator<HeldPacket> BY_RELEASE =
            Comparator.comparingLong(HeldPacket::releaseAtMillis).thenComparing(HeldPacket::key);

    private final KeyValueStore<Bytes, byte[]> store;
    private int size;
    private int released;

    /** @param store the task's {@code pool-index} store; its contents are wiped by {@link #clear}. */
    public StoredHeldIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public HeldPacket get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("expected an index in 0.." + (size - 1) + ", found " + index);
        }
        byte[] v = store.get(positionKey(index));
        if (v == null) {
            throw new IllegalStateException("pool index: no packet at position " + index + " of " + size);
        }
        return decode(v);
    }

    @Override
    public void add(HeldPacket packet) {
        Bytes k = keyKey(packet.key());
        if (store.get(k) != null) {
            throw new IllegalArgumentException("pool index: key already indexed");
        }
        int place = size;
        store.put(positionKey(place), encode(packet));
        store.put(k, liveValue(place));
        size++;
    }

    @Override
    public void remove(Bytes key) {
        Bytes k = keyKey(key);
        byte[] v = store.get(k);
        if (v == null || v[0] != LIVE) {
            return;
        }
        int place = ByteBuffer.wrap(v, 1, 4).getInt();
        int last = size - 1;
        if (place != last) {
            byte[] moved = store.get(positionKey(last));
            store.put(positionKey(place), moved);
            store.put(keyKey(decode(moved).key()), liveValue(place));
        }
        store.delete(positionKey(last));
        store.delete(k);
        size--;
    }

    @Override
    public void addReleased(Bytes key) {
        Bytes k = keyKey(key);
        byte[] v = store.get(k);
        if (v != null && v[0] == LIVE) {
            throw new IllegalArgumentException("pool index: a live packet cannot be released before it is removed");
        }
        if (v == null) {
            store.put(k, RELEASED_VALUE);
            released++;
        }
    }

    @Override
    public boolean isReleased(Bytes key) {
        byte[] v = store.get(keyKey(key));
        return v != null && v[0] == RELEASED;
    }

    @Override
    public int releasedCount() {
        return released;
    }

    @Override
    public void forEachStoredKey(Consumer<Bytes> action) {
        try (KeyValueIterator<Bytes, byte[]> it = prefix(KEY)) {
            while (it.hasNext()) {
                action.accept(unprefixed(it.next().key));
            }
        }
    }

    @Override
    public void rekey(Supplier<byte[]> freshKeys, BiConsumer<HeldPacket, Bytes> rewrite, Consumer<Bytes> delete) {
        // 1. A fresh key per live packet, written where it sorts by that key.
        for (int place = 0; place < size; place++) {
            Bytes s;
            do {
                s = prefixed(SWEEP, freshKeys.get());
            } while (store.get(s) != null);
            store.put(s, ByteBuffer.allocate(4).putInt(place).array());
        }
        // 2. The rewrites, in the order of the new keys: uniformly random, unrelated to the old ones.
        try (KeyValueIterator<Bytes, byte[]> it = prefix(SWEEP)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                rewrite.accept(get(ByteBuffer.wrap(kv.value).getInt()), unprefixed(kv.key));
            }
        }
        // 3. Every old key, live and released, deleted in key order.
        try (KeyValueIterator<Bytes, byte[]> it = prefix(KEY)) {
            while (it.hasNext()) {
                Bytes k = it.next().key;
                delete.accept(unprefixed(k));
                store.delete(k);
            }
        }
        released = 0;
        // 4. The index now names the new keys, at the same positions.
        try (KeyValueIterator<Bytes, byte[]> it = prefix(SWEEP)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                int place = ByteBuffer.wrap(kv.value).getInt();
                HeldPacket old = get(place);
                Bytes fresh = unprefixed(kv.key);
                store.put(
                        positionKey(place),
                        encode(new HeldPacket(fresh, old.arrivedAtMillis(), old.releaseAtMillis())));
                store.put(keyKey(fresh), liveValue(place));
                store.delete(kv.key);
            }
        }
    }

    /** Deletes everything in the store, one key at a time (the store offers no range delete). */
    @Override
    public void clear() {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                store.delete(it.next().key);
            }
        }
        size = 0;
        released = 0;
    }

    /** Scans every position: O(held) time and memory. The pool mix never calls it. */
    @Override
    public List<HeldPacket> all() {
        List<HeldPacket> all = new ArrayList<>(size);
        try (KeyValueIterator<Bytes, byte[]> it = prefix(POSITION)) {
            while (it.hasNext()) {
                all.add(decode(it.next().value));
            }
        }
        return all;
    }

    /** Scans every position: O(held) time, memory O(due). The pool mix never calls it. */
    @Override
    public List<HeldPacket> dueBy(long nowMillis) {
        List<HeldPacket> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = prefix(POSITION)) {
            while (it.hasNext()) {
                HeldPacket p = decode(it.next().value);
                if (p.releaseAtMillis() <= nowMillis) {
                    due.add(p);
                }
            }
        }
        due.sort(BY_RELEASE);
        return due;
    }

    /** Scans every position: O(held) time. The pool mix never calls it. */
    @Override
    public OptionalLong oldestArrival() {
        long min = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = prefix(POSITION)) {
            while (it.hasNext()) {
                min = Math.min(min, ByteBuffer.wrap(it.next().value).getLong());
            }
        }
        return size == 0 ? OptionalLong.empty() : OptionalLong.of(min);
    }

    /** Every index key starting with {@code prefix}: no key is that one byte alone, nor {@code prefix + 1}. */
    private KeyValueIterator<Bytes, byte[]> prefix(byte prefix) {
        return store.range(Bytes.wrap(new byte[] {prefix}), Bytes.wrap(new byte[] {(byte) (prefix + 1)}));
    }

    private static Bytes positionKey(int place) {
        return Bytes.wrap(ByteBuffer.allocate(5).put(POSITION).putInt(place).array());
    }

    private static Bytes keyKey(Bytes key) {
        return prefixed(KEY, key.get());
    }

    private static Bytes prefixed(byte prefix, byte[] key) {
        byte[] k = new byte[1 + key.length];
        k[0] = prefix;
        System.arraycopy(key, 0, k, 1, key.length);
        return Bytes.wrap(k);
    }

    private static Bytes unprefixed(Bytes k) {
        return Bytes.wrap(Arrays.copyOfRange(k.get(), 1, k.get().length));
    }

    private static byte[] liveValue(int place) {
        return ByteBuffer.allocate(5).put(LIVE).putInt(place).array();
    }

    private static byte[] encode(HeldPacket p) {
        byte[] key = p.key().get();
        return ByteBuffer.allocate(16 + key.length)
                .putLong(p.arrivedAtMillis())
                .putLong(p.releaseAtMillis())
                .put(key)
                .array();
    }

    private static HeldPacket decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        long arrived = b.getLong();
        long due = b.getLong();
        return new HeldPacket(Bytes.wrap(Arrays.copyOfRange(v, 16, v.length)), arrived, due);
    }
}
