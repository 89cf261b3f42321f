package io.kafkamixnet.topology.internals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;

/**
 * In-memory index of one task's held packets: store key, arrival and due time. Derived state only:
 * the pool store is the truth, and the index is rebuilt from it whenever a task is initialised
 * (after restoration from the changelog), so nothing is lost when a processor is re-created.
 * Holds no packet bytes.
 */
public final class HeldIndex {

    /** One held packet. */
    public record Item(Bytes key, long arrivedAtMillis, long releaseAtMillis) {
    }

    private static final Comparator<Item> BY_RELEASE =
            Comparator.comparingLong(Item::releaseAtMillis).thenComparing(Item::key);

    private final Map<Bytes, Item> byKey = new HashMap<>();
    private final TreeSet<Item> byRelease = new TreeSet<>(BY_RELEASE);

    public void add(Item item) {
        Item old = byKey.put(item.key(), item);
        if (old != null) {
            byRelease.remove(old);
        }
        byRelease.add(item);
    }

    public void remove(Bytes key) {
        Item old = byKey.remove(key);
        if (old != null) {
            byRelease.remove(old);
        }
    }

    public void clear() {
        byKey.clear();
        byRelease.clear();
    }

    public int size() {
        return byKey.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public boolean contains(Bytes key) {
        return byKey.containsKey(key);
    }

    /** Every held item, in no particular order. */
    public List<Item> items() {
        return new ArrayList<>(byKey.values());
    }

    /** Items due at {@code nowMillis} (release time at or before it), earliest first. */
    public List<Item> dueBy(long nowMillis) {
        List<Item> due = new ArrayList<>();
        for (Item i : byRelease) {
            if (i.releaseAtMillis() > nowMillis) {
                break;
            }
            due.add(i);
        }
        return due;
    }

    /** Arrival time of the packet held longest, if any. */
    public OptionalLong oldestArrival() {
        return byKey.values().stream().mapToLong(Item::arrivedAtMillis).min();
    }
}
