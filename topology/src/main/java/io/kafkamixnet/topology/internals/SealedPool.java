package io.kafkamixnet.topology.internals;

import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.topology.internals.EntrySealer.Purpose;
import io.kafkamixnet.topology.internals.EntrySealer.SealedValueException;
import io.kafkamixnet.topology.release.Forgetting;
import io.kafkamixnet.topology.release.HeldPacket;
import io.kafkamixnet.topology.release.HeldPackets;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packets one stream task holds, sealed in its changelogged {@code pool} store, with the exact
 * count and the release marks in its {@code pool-meta} store. Everything that writes either store
 * is here; the processor decides nothing about how an entry is written or removed.
 *
 * <h2>Security contract: what the changelog may reveal</h2>
 * Anyone who can read the two changelog topics (or the RocksDB files) learns at most: how many
 * packets are held after each change, when a packet entered (the intake put is written in the same
 * transaction as its ingress record), and when a release happened and, for pool and continuous
 * mixing, roughly how many left. They must not learn what a held packet will become, or which
 * intake record left in which release. So:
 * <ul>
 *   <li><b>Sealed and padded.</b> Every entry is a {@link HeldEntry} padded to one fixed size per
 *       geometry and sealed by {@link EntrySealer} (AES-256-GCM, a key derived per entry from the
 *       {@link PoolStoreKey}). Keys are 16 fresh random bytes, never derived from the packet.</li>
 *   <li><b>No delete of one released entry.</b> A per-entry delete at release would link the intake
 *       put to the release. Released entries leave in one of three ways only: when nothing is held
 *       afterwards, every entry and mark is deleted (this says only "all left"); with
 *       {@link Forgetting.SweepAtRelease} every held entry is written again under a fresh key, freshly
 *       sealed, in a random order, and every old entry, released and held, deleted, right after the
 *       release; with {@link Forgetting.MarkThenSweep} (continuous mix) a sealed release mark
 *       under a random key is written per released entry (so a restart cannot release it twice) and
 *       the same sweep runs at most every interval ({@link #sweepIfDue}); with
 *       {@link Forgetting.MarkThenSweepWhenOutnumbered} (pool mix) the same marks are written and the
 *       sweep runs once the marked entries are at least as many as the held ones.</li>
 *   <li><b>Why marks leak nothing.</b> A mark's key is 16 fresh random bytes (never derived from
 *       the entry's key), its value the released entry's key sealed under a key of its own with a
 *       random nonce, so a changelog reader sees "k marks were written in this transaction" and no
 *       more: k is the number of packets released, which the output records show anyway. Between
 *       two sweeps no pool entry is written or deleted except intake puts, whatever leaves. A sweep
 *       puts the held entries back under fresh keys in a random order (the order of the fresh keys),
 *       then deletes every old entry (released or held) in key order and every mark in the order of
 *       its random id, never in the order of the entries the marks name (that would link each mark,
 *       written at a release, to the entry it released): the reader learns how many stayed, not
 *       which. So the
 *       reader's view of a run is a function of intake times and release counts only, the same as
 *       with a rewrite at every round.</li>
 *   <li><b>Cost.</b> Intake writes one entry; a release writes one mark (~60 bytes) per released
 *       packet; a sweep writes one put per held entry, one delete per entry and one per mark. Triggered when the
 *       marked entries outnumber the held ones, a sweep rewrites at most as many entries as were
 *       released since the last one: changelog bytes per released packet are bounded by a constant
 *       (about two sealed entries plus a mark and a delete) at any pool size, where a rewrite at every
 *       round costs the whole pool per round. The price is a store (and its changelog before
 *       compaction) of up to twice the held entries.</li>
 *   <li><b>Record cache, for {@link Forgetting.AllLeave} only.</b> When every release takes
 *       everything held (timed and threshold mixes), the {@code pool} store goes through the Kafka
 *       Streams record cache: an entry put and released within one commit reaches the changelog as
 *       its delete only. The cache writes, in the same transaction, a subsequence of what the uncached
 *       store would have written (the last write of each key); an early write (eviction, when the
 *       cache is full) follows least-recent use, and the only reads are those that open every entry
 *       at a release, so it tells nothing about which entry left. No other forgetting is cached: there
 *       a release reads only the released entries, and an eviction would write the held ones first.
 *       {@code pool-meta} is never cached: the count after every change is as before.</li>
 *   <li><b>Exact count.</b> The held count is written to {@code pool-meta} after each change; it is
 *       derived from the index, never from {@code approximateNumEntries}.</li>
 * </ul>
 * The {@link PoolIndex} (store keys, arrival and due times; on the heap or in the un-logged
 * {@code pool-index} store) is derived state, wiped and rebuilt by {@link #restore} from the stores
 * whenever a task starts; it has no changelog, so it adds nothing to what a changelog reader sees. Entries that do not open under this instance's pool store key stop
 * the task with a {@link StoreKeyMismatchException} rather than dropping the pool.
 *
 * <p>Not thread-safe: one per stream task, used from its stream thread.
 */
public final class SealedPool {

    private static final Logger LOG = LoggerFactory.getLogger(SealedPool.class);

    /** Length of every pool key and release mark id. */
    static final int STORE_KEY_LENGTH = 16;
    /** Meta-store key of the exact held count (8 bytes, big-endian). */
    static final Bytes COUNT_KEY = Bytes.wrap(new byte[] {'#', 'h', 'e', 'l', 'd'});
    /** First byte of every release mark's meta-store key. */
    static final byte MARK_PREFIX = 'R';

    private final KeyValueStore<Bytes, byte[]> entries;
    private final KeyValueStore<Bytes, byte[]> meta;
    private final Geometry geometry;
    private final Forgetting forgetting;
    private final SecureRandom random;
    private final EntrySealer sealer;
    private final String taskId;
    private final String mixerId;
    /** Live packets and released-but-unswept keys: derived state, rebuilt by {@link #restore}. */
    private final PoolIndex index;

    private long lastSweepMillis;

    /** A pool indexed on the heap ({@link HeldIndex}). */
    public SealedPool(
            KeyValueStore<Bytes, byte[]> entries,
            KeyValueStore<Bytes, byte[]> meta,
            PoolStoreKey storeKey,
            Geometry geometry,
            Forgetting forgetting,
            SecureRandom random,
            String taskId,
            String mixerId) {
        this(entries, meta, new HeldIndex(), storeKey, geometry, forgetting, random, taskId, mixerId);
    }

    /**
     * @param entries    the {@code pool} store
     * @param meta       the {@code pool-meta} store
     * @param index      where the pool keeps what it knows of its entries ({@link HeldIndex} on the
     *                   heap, {@link StoredHeldIndex} in the un-logged {@code pool-index} store); wiped
     *                   and rebuilt by {@link #restore}
     * @param forgetting how released entries leave while others stay held (the release policy's choice)
     * @param taskId     stream task id, for logs and errors
     * @param mixerId    mixer id, for errors
     */
    public SealedPool(
            KeyValueStore<Bytes, byte[]> entries,
            KeyValueStore<Bytes, byte[]> meta,
            PoolIndex index,
            PoolStoreKey storeKey,
            Geometry geometry,
            Forgetting forgetting,
            SecureRandom random,
            String taskId,
            String mixerId) {
        this.index = Objects.requireNonNull(index, "index");
        this.entries = Objects.requireNonNull(entries, "entries");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.forgetting = Objects.requireNonNull(forgetting, "forgetting");
        this.random = Objects.requireNonNull(random, "random");
        this.sealer = new EntrySealer(storeKey, random);
        this.taskId = taskId;
        this.mixerId = mixerId;
    }

    /**
     * Wipes the index and rebuilds it from the (restored) stores and starts the sweep clock at
     * {@code nowMillis}.
     *
     * @return the number of packets held
     * @throws StoreKeyMismatchException if an entry or mark does not open under this pool store key:
     *     a configuration error that would lose every held packet
     */
    public int restore(long nowMillis) {
        index.clear();
        try (KeyValueIterator<Bytes, byte[]> it = marks()) {
            while (it.hasNext()) {
                var kv = it.next();
                byte[] markId = Arrays.copyOfRange(kv.key.get(), 1, kv.key.get().length);
                index.addReleased(Bytes.wrap(open(Purpose.RELEASE_MARK, markId, kv.value)));
            }
        }
        try (KeyValueIterator<Bytes, byte[]> it = entries.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (index.isReleased(kv.key)) {
                    continue;
                }
                HeldEntry e = HeldEntry.decode(geometry, open(Purpose.POOL_ENTRY, kv.key.get(), kv.value));
                index.add(new HeldPacket(kv.key, e.arrivedAtMillis(), e.releaseAtMillis()));
            }
        }
        byte[] stored = meta.get(COUNT_KEY);
        long storedCount = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
        if (storedCount != index.size()) {
            LOG.warn(
                    "Task {}: the held count store says {} but the pool holds {}; using the pool",
                    taskId,
                    storedCount,
                    index.size());
        }
        if (index.size() > 0) {
            LOG.info("Task {}: {} held packet(s) restored", taskId, index.size());
        }
        lastSweepMillis = nowMillis;
        return index.size();
    }

    /** What is held, for a release policy to choose from; a live view, not a copy. */
    public HeldPackets held() {
        return index;
    }

    /** Packets held now (exact). */
    public int size() {
        return index.size();
    }

    /**
     * Holds {@code entry} under a fresh random key, sealed and padded to the fixed entry size, and
     * writes the new count: the changelog records say only "one more packet is held".
     */
    public void hold(HeldEntry entry) {
        byte[] key = newStoreKey();
        entries.put(Bytes.wrap(key), sealer.seal(Purpose.POOL_ENTRY, key, entry.encode(geometry)));
        index.add(new HeldPacket(Bytes.wrap(key), entry.arrivedAtMillis(), entry.releaseAtMillis()));
        storeCount();
    }

    /** Opens the held entries of {@code items}, in that order; changes nothing. */
    public List<HeldEntry> open(List<HeldPacket> items) {
        List<HeldEntry> opened = new ArrayList<>(items.size());
        for (HeldPacket item : items) {
            byte[] sealed = entries.get(item.key());
            opened.add(HeldEntry.decode(
                    geometry, open(Purpose.POOL_ENTRY, item.key().get(), sealed)));
        }
        return opened;
    }

    /**
     * Removes {@code released} (already written out) from what is held, as the contract above says:
     * never one delete per released entry. Then writes the new count.
     */
    public void forget(List<HeldPacket> released, long nowMillis) {
        if (forgetting instanceof Forgetting.AllLeave && released.size() != index.size()) {
            // The stores of such a policy are cached (see Forgetting.AllLeave): a partial release
            // would be a policy bug that the cache's evictions could make visible.
            throw new IllegalStateException("a policy whose releases take everything released " + released.size()
                    + " of " + index.size() + " held packets");
        }
        for (HeldPacket item : released) {
            index.remove(item.key());
        }
        if (index.isEmpty()) {
            released.forEach(i -> index.addReleased(i.key()));
            index.forEachStoredKey(entries::delete);
            deleteMarks();
            index.clear();
            lastSweepMillis = nowMillis;
        } else if (forgetting instanceof Forgetting.MarkThenSweep) {
            mark(released);
        } else if (forgetting instanceof Forgetting.MarkThenSweepWhenOutnumbered
                && (long) index.releasedCount() + released.size() < index.size()) {
            mark(released);
        } else {
            // SweepAtRelease, or the released now outnumber the held: a mark written here would be
            // deleted by the sweep in the same transaction, so none is written.
            released.forEach(i -> index.addReleased(i.key()));
            sweep(nowMillis);
        }
        storeCount();
    }

    /** Writes one sealed release mark per released entry, each under a fresh random key. */
    private void mark(List<HeldPacket> released) {
        for (HeldPacket item : released) {
            byte[] markId = newStoreKey();
            meta.put(
                    markKey(markId, null),
                    sealer.seal(Purpose.RELEASE_MARK, markId, item.key().get()));
            index.addReleased(item.key());
        }
    }

    /**
     * With {@link Forgetting.MarkThenSweep}: sweeps when released entries are waiting and the interval
     * has passed since the last sweep. Otherwise nothing is ever waiting, and this does nothing.
     */
    public void sweepIfDue(long nowMillis) {
        if (forgetting instanceof Forgetting.MarkThenSweep m
                && index.releasedCount() > 0
                && nowMillis - lastSweepMillis >= m.interval().toMillis()) {
            sweep(nowMillis);
        }
    }

    /**
     * Writes every held entry again under a fresh random key, freshly sealed, in a uniformly random
     * order (the order of the fresh keys), then deletes every old entry, released and held, in key
     * order, then every release mark, in the order of the marks' random ids. A changelog reader sees a
     * block of puts followed by a block of deletes and cannot tell which old entry became which new
     * one, or which left. One entry is open at a time: the heap a sweep needs does not grow with the
     * pool (with a {@link StoredHeldIndex}).
     */
    private void sweep(long nowMillis) {
        index.rekey(
                this::newStoreKey,
                (old, fresh) -> entries.put(
                        fresh,
                        sealer.seal(
                                Purpose.POOL_ENTRY,
                                fresh.get(),
                                open(Purpose.POOL_ENTRY, old.key().get(), entries.get(old.key())))),
                entries::delete);
        deleteMarks();
        lastSweepMillis = nowMillis;
    }

    /**
     * Deletes every release mark, in the order of their random ids: never in the order of the entries
     * they name, which would link each mark (written at a release) to the entry it released.
     */
    private void deleteMarks() {
        try (KeyValueIterator<Bytes, byte[]> it = marks()) {
            while (it.hasNext()) {
                meta.delete(it.next().key);
            }
        }
    }

    /** Every release mark in the meta store, in id order. */
    private KeyValueIterator<Bytes, byte[]> marks() {
        return meta.range(
                markKey(new byte[STORE_KEY_LENGTH], (byte) 0), markKey(new byte[STORE_KEY_LENGTH], (byte) 0xff));
    }

    private void storeCount() {
        meta.put(COUNT_KEY, ByteBuffer.allocate(8).putLong(index.size()).array());
    }

    private byte[] open(Purpose purpose, byte[] key, byte[] sealed) {
        try {
            return sealer.open(purpose, key, sealed);
        } catch (SealedValueException e) {
            throw new StoreKeyMismatchException("Task " + taskId + " of mixer " + mixerId + ": " + e.getMessage()
                    + ". Every instance of a mixer needs the same " + PoolStoreKey.FILE_NAME + ".");
        }
    }

    private byte[] newStoreKey() {
        byte[] k = new byte[STORE_KEY_LENGTH];
        random.nextBytes(k);
        return k;
    }

    /** Meta-store key of a release mark: 'R' || id; with {@code fill} set, the range bound. */
    private static Bytes markKey(byte[] id, Byte fill) {
        byte[] k = new byte[1 + id.length];
        k[0] = MARK_PREFIX;
        if (fill != null) {
            Arrays.fill(k, 1, k.length, fill);
        } else {
            System.arraycopy(id, 0, k, 1, id.length);
        }
        return Bytes.wrap(k);
    }
}
