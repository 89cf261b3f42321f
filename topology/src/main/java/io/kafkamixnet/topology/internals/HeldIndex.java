package io.kafkamixnet.topology.internals;

import io.kafkamixnet.topology.release.HeldPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;

/**
 * In-memory index of one task's held packets: store key, arrival and due time. Derived state only:
 * the pool store is the truth, and the index is rebuilt from it whenever a task is initialised
 * (after restoration from the changelog), so nothing is lost when a processor is re-created.
 * Holds no packet bytes.
 *
 * <p>Compact, because a pool mix may hold millions: parallel arrays (key, arrival, due time) in no
 * particular order, for random access in O(1), and an open-addressing table from key to place,
 * about 60 bytes per held packet with 16-byte keys instead of ~190 with a map of objects. A
 * removal moves the last packet into the gap. The order by due time that {@link #dueBy} needs (only
 * the continuous mix asks) is built on its first use and kept from then on. Released entries not yet
 * swept are a sorted set of keys.
 *
 * <p>Its heap grows with the pool; {@link StoredHeldIndex} keeps the same in a local RocksDB store
 * instead, for the pool mix, which holds many packets by design.
 */
public final class HeldIndex implements PoolIndex {

    private static final Comparator<HeldPacket> BY_RELEASE =
            Comparator.comparingLong(HeldPacket::releaseAtMillis).thenComparing(HeldPacket::key);
    private static final int INITIAL = 16;

    private byte[][] keys = new byte[INITIAL][];
    private long[] arrived = new long[INITIAL];
    private long[] due = new long[INITIAL];
    private int size;
    /** Open addressing, linear probing: 0 is empty, else the packet's place + 1. At most half full. */
    private int[] table = new int[2 * INITIAL];

    private TreeSet<HeldPacket> byRelease;
    private final TreeSet<Bytes> released = new TreeSet<>();

    @Override
    public void add(HeldPacket item) {
        remove(item.key());
        if (size == keys.length) {
            int capacity = keys.length + (keys.length >> 1);
            keys = Arrays.copyOf(keys, capacity);
            arrived = Arrays.copyOf(arrived, capacity);
            due = Arrays.copyOf(due, capacity);
        }
        int place = size++;
        keys[place] = item.key().get();
        arrived[place] = item.arrivedAtMillis();
        due[place] = item.releaseAtMillis();
        if (2 * size > table.length) {
            rehash(table.length * 2);
        } else {
            insert(place);
        }
        if (byRelease != null) {
            byRelease.add(item);
        }
    }

    @Override
    public void remove(Bytes key) {
        int slot = find(key.get());
        if (slot < 0) {
            return;
        }
        int place = table[slot] - 1;
        if (byRelease != null) {
            byRelease.remove(get(place));
        }
        deleteSlot(slot);
        int last = size - 1;
        if (place != last) {
            table[slotOf(last)] = place + 1;
            keys[place] = keys[last];
            arrived[place] = arrived[last];
            due[place] = due[last];
        }
        keys[last] = null;
        size--;
    }

    @Override
    public void clear() {
        released.clear();
        keys = new byte[INITIAL][];
        arrived = new long[INITIAL];
        due = new long[INITIAL];
        table = new int[2 * INITIAL];
        size = 0;
        if (byRelease != null) {
            byRelease.clear();
        }
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
        return new HeldPacket(Bytes.wrap(keys[index]), arrived[index], due[index]);
    }

    public boolean contains(Bytes key) {
        return find(key.get()) >= 0;
    }

    @Override
    public List<HeldPacket> all() {
        List<HeldPacket> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(get(i));
        }
        return all;
    }

    @Override
    public List<HeldPacket> dueBy(long nowMillis) {
        if (byRelease == null) {
            byRelease = new TreeSet<>(BY_RELEASE);
            byRelease.addAll(all());
        }
        List<HeldPacket> dueNow = new ArrayList<>();
        for (HeldPacket i : byRelease) {
            if (i.releaseAtMillis() > nowMillis) {
                break;
            }
            dueNow.add(i);
        }
        return dueNow;
    }

    @Override
    public void addReleased(Bytes key) {
        released.add(key);
    }

    @Override
    public boolean isReleased(Bytes key) {
        return released.contains(key);
    }

    @Override
    public int releasedCount() {
        return released.size();
    }

    @Override
    public void forEachStoredKey(Consumer<Bytes> action) {
        TreeSet<Bytes> stored = new TreeSet<>(released);
        for (int i = 0; i < size; i++) {
            stored.add(Bytes.wrap(keys[i]));
        }
        stored.forEach(action);
    }

    @Override
    public void rekey(Supplier<byte[]> freshKeys, BiConsumer<HeldPacket, Bytes> rewrite, Consumer<Bytes> delete) {
        TreeMap<Bytes, HeldPacket> byNewKey = new TreeMap<>();
        for (HeldPacket p : all()) {
            Bytes fresh;
            do {
                fresh = Bytes.wrap(freshKeys.get());
            } while (byNewKey.containsKey(fresh));
            byNewKey.put(fresh, p);
        }
        byNewKey.forEach((fresh, old) -> rewrite.accept(old, fresh));
        forEachStoredKey(delete);
        clear();
        byNewKey.forEach((fresh, old) -> add(new HeldPacket(fresh, old.arrivedAtMillis(), old.releaseAtMillis())));
    }

    @Override
    public OptionalLong oldestArrival() {
        if (size == 0) {
            return OptionalLong.empty();
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, arrived[i]);
        }
        return OptionalLong.of(min);
    }

    private int home(byte[] key) {
        int h = Arrays.hashCode(key) * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (table.length - 1);
    }

    /** The table slot of {@code key}, or -1. */
    private int find(byte[] key) {
        int mask = table.length - 1;
        for (int s = home(key); table[s] != 0; s = (s + 1) & mask) {
            if (Arrays.equals(keys[table[s] - 1], key)) {
                return s;
            }
        }
        return -1;
    }

    /** The table slot that points at {@code place} (which is held). */
    private int slotOf(int place) {
        int mask = table.length - 1;
        int s = home(keys[place]);
        while (table[s] != place + 1) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void insert(int place) {
        int mask = table.length - 1;
        int s = home(keys[place]);
        while (table[s] != 0) {
            s = (s + 1) & mask;
        }
        table[s] = place + 1;
    }

    /** Empties {@code slot}, moving later entries of its probe run back so that every lookup still finds them. */
    private void deleteSlot(int slot) {
        int mask = table.length - 1;
        int gap = slot;
        table[gap] = 0;
        for (int s = (gap + 1) & mask; table[s] != 0; s = (s + 1) & mask) {
            int h = home(keys[table[s] - 1]);
            // The entry at s may move into the gap unless its home lies cyclically in (gap, s].
            boolean stays = gap <= s ? (gap < h && h <= s) : (gap < h || h <= s);
            if (!stays) {
                table[gap] = table[s];
                table[s] = 0;
                gap = s;
            }
        }
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int i = 0; i < size; i++) {
            insert(i);
        }
    }
}
