package io.kafkamixnet.topology.internals;

import io.kafkamixnet.topology.release.HeldPacket;
import io.kafkamixnet.topology.release.HeldPackets;
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
public final class HeldIndex implements HeldPackets {

    private static final Comparator<HeldPacket> BY_RELEASE =
            Comparator.comparingLong(HeldPacket::releaseAtMillis).thenComparing(HeldPacket::key);

    private final Map<Bytes, HeldPacket> byKey = new HashMap<>();
    private final TreeSet<HeldPacket> byRelease = new TreeSet<>(BY_RELEASE);

    public void add(HeldPacket item) {
        HeldPacket old = byKey.put(item.key(), item);
        if (old != null) {
            byRelease.remove(old);
        }
        byRelease.add(item);
    }

    public void remove(Bytes key) {
        HeldPacket old = byKey.remove(key);
        if (old != null) {
            byRelease.remove(old);
        }
    }

    public void clear() {
        byKey.clear();
        byRelease.clear();
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public boolean contains(Bytes key) {
        return byKey.containsKey(key);
    }

    @Override
    public List<HeldPacket> all() {
        return new ArrayList<>(byKey.values());
    }

    @Override
    public List<HeldPacket> dueBy(long nowMillis) {
        List<HeldPacket> due = new ArrayList<>();
        for (HeldPacket i : byRelease) {
            if (i.releaseAtMillis() > nowMillis) {
                break;
            }
            due.add(i);
        }
        return due;
    }

    @Override
    public OptionalLong oldestArrival() {
        return byKey.values().stream().mapToLong(HeldPacket::arrivedAtMillis).min();
    }
}
