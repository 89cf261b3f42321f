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

    /** A held packet and its place in {@link #slots}. */
    private static final class Slot {
        final HeldPacket packet;
        int position;

        Slot(HeldPacket packet, int position) {
            this.packet = packet;
            this.position = position;
        }
    }

    private final Map<Bytes, Slot> byKey = new HashMap<>();
    /** Every held packet in no particular order, for {@link #get}: a removal moves the last one into the gap. */
    private final ArrayList<HeldPacket> slots = new ArrayList<>();

    /**
     * By due time, for {@link #dueBy}: built on its first use and kept from then on, so the policies
     * that never ask (all but the continuous mix) do not pay ~40 bytes per held packet for it.
     */
    private TreeSet<HeldPacket> byRelease;

    public void add(HeldPacket item) {
        remove(item.key());
        byKey.put(item.key(), new Slot(item, slots.size()));
        slots.add(item);
        if (byRelease != null) {
            byRelease.add(item);
        }
    }

    public void remove(Bytes key) {
        Slot old = byKey.remove(key);
        if (old != null) {
            if (byRelease != null) {
                byRelease.remove(old.packet);
            }
            HeldPacket last = slots.remove(slots.size() - 1);
            if (old.position < slots.size()) {
                slots.set(old.position, last);
                byKey.get(last.key()).position = old.position;
            }
        }
    }

    public void clear() {
        byKey.clear();
        slots.clear();
        if (byRelease != null) {
            byRelease.clear();
        }
    }

    @Override
    public int size() {
        return slots.size();
    }

    @Override
    public HeldPacket get(int index) {
        return slots.get(index);
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
        return new ArrayList<>(slots);
    }

    @Override
    public List<HeldPacket> dueBy(long nowMillis) {
        if (byRelease == null) {
            byRelease = new TreeSet<>(BY_RELEASE);
            byRelease.addAll(slots);
        }
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
        return slots.stream().mapToLong(HeldPacket::arrivedAtMillis).min();
    }
}
