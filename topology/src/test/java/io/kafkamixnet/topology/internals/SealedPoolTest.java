package io.kafkamixnet.topology.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.topology.internals.RecordingStore.Write;
import io.kafkamixnet.topology.release.Forgetting;
import io.kafkamixnet.topology.release.HeldPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The sealed pool alone, against its security contract: what its changelog (the writes) reveals.
 * With the index on the heap; {@link SealedPoolStoredIndexTest} runs the same with the index in a store.
 */
class SealedPoolTest {

    private static final Forgetting SWEEP = new Forgetting.SweepAtRelease();
    private static final Forgetting MARK = new Forgetting.MarkThenSweep(Duration.ofSeconds(1));
    private static final Forgetting OUTNUMBERED = new Forgetting.MarkThenSweepWhenOutnumbered();
    private static final Forgetting ALL_LEAVE = new Forgetting.AllLeave();

    private final SecureRandom random = new SecureRandom();
    private final Geometry geometry = Geometry.defaults();
    private final PoolStoreKey storeKey = PoolStoreKey.generate(random);
    private final RecordingStore entries = new RecordingStore("pool");
    private final RecordingStore meta = new RecordingStore("pool-meta");

    /** The index store a pool of these tests uses (a restarted pool reuses it, as a restarted task does). */
    final RecordingStore indexStore = new RecordingStore("pool-index");

    /** The index of a new pool: on the heap here. */
    PoolIndex newIndex(RecordingStore store) {
        return new HeldIndex();
    }

    private SealedPool newPool(
            RecordingStore poolStore, RecordingStore metaStore, PoolStoreKey key, Forgetting forgetting, String task) {
        return new SealedPool(
                poolStore, metaStore, newIndex(indexStore), key, geometry, forgetting, random, task, "mix-a");
    }

    private SealedPool pool(Forgetting forgetting) {
        SealedPool pool = newPool(entries, meta, storeKey, forgetting, "0_0");
        pool.restore(0);
        return pool;
    }

    private static HeldEntry entry(int i, long arrivedAt, long releaseAt) {
        return new HeldEntry(
                7,
                arrivedAt,
                releaseAt,
                new RoutingCommand.Exit("survey"),
                ("payload " + i).getBytes(StandardCharsets.UTF_8));
    }

    private long storedCount() {
        return ByteBuffer.wrap(meta.get(SealedPool.COUNT_KEY)).getLong();
    }

    @Test
    void anIntakeWritesOneSealedFixedSizeEntryUnderAFreshRandomKeyAndTheCount() {
        SealedPool pool = pool(SWEEP);
        for (int i = 0; i < 5; i++) {
            pool.hold(entry(i, 100 + i, 100 + i));
            List<Write> writes = entries.drain();
            assertThat(writes).hasSize(1);
            Write w = writes.get(0);
            assertThat(w.key().get()).hasSize(SealedPool.STORE_KEY_LENGTH);
            assertThat(w.value()).hasSize(HeldEntry.encodedSize(geometry) + EntrySealer.OVERHEAD);
            assertThat(new Windows32(w.value()).contains(("payload " + i).getBytes(StandardCharsets.UTF_8)))
                    .isFalse();
            assertThat(meta.drain()).extracting(Write::key).containsExactly(SealedPool.COUNT_KEY);
            assertThat(storedCount()).isEqualTo(i + 1);
        }
        assertThat(pool.size()).isEqualTo(5);
        assertThat(pool.held().all()).extracting(HeldPacket::key).doesNotHaveDuplicates();
        List<HeldPacket> sorted = pool.held().dueBy(Long.MAX_VALUE);
        assertThat(pool.open(sorted))
                .containsExactly(
                        entry(0, 100, 100),
                        entry(1, 101, 101),
                        entry(2, 102, 102),
                        entry(3, 103, 103),
                        entry(4, 104, 104));
    }

    @Test
    void whenEverythingLeavesEveryEntryIsDeletedAndNothingIsWritten() {
        SealedPool pool = pool(SWEEP);
        for (int i = 0; i < 4; i++) {
            pool.hold(entry(i, 1, 1));
        }
        Set<Bytes> keys = entries.contents().keySet();
        entries.drain();
        meta.drain();
        pool.forget(pool.held().all(), 10);
        List<Write> writes = entries.drain();
        assertThat(writes).allMatch(Write::isDelete);
        assertThat(writes)
                .extracting(Write::key)
                .containsExactlyElementsOf(new ArrayList<>(keys)); // sorted, not release order
        assertThat(entries.contents()).isEmpty();
        assertThat(storedCount()).isZero();
        assertThat(pool.size()).isZero();
    }

    @Test
    void allLeaveDeletesEveryEntryAtARelease() {
        SealedPool pool = pool(ALL_LEAVE);
        for (int i = 0; i < 3; i++) {
            pool.hold(entry(i, 1, 1));
        }
        Set<Bytes> keys = entries.contents().keySet();
        entries.drain();
        pool.forget(pool.held().all(), 10);
        assertThat(entries.drain())
                .allMatch(Write::isDelete)
                .extracting(Write::key)
                .containsExactlyElementsOf(keys);
        assertThat(storedCount()).isZero();
    }

    @Test
    void allLeaveRefusesAReleaseThatLeavesPacketsBehindAndWritesNothing() {
        SealedPool pool = pool(ALL_LEAVE);
        for (int i = 0; i < 3; i++) {
            pool.hold(entry(i, i, i));
        }
        entries.drain();
        meta.drain();
        // Its stores are cached: a partial release would let an eviction show which entries stayed.
        assertThatThrownBy(() -> pool.forget(pool.held().dueBy(1), 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released 2 of 3");
        assertThat(entries.drain()).isEmpty();
        assertThat(meta.drain()).isEmpty();
        assertThat(pool.size()).isEqualTo(3);
    }

    @Test
    void sweepAtReleaseDeletesEveryEntryThenRewritesTheSurvivorsUnderFreshKeys() {
        SealedPool pool = pool(SWEEP);
        for (int i = 0; i < 6; i++) {
            pool.hold(entry(i, i, i));
        }
        Set<Bytes> before = new HashSet<>(entries.contents().keySet());
        entries.drain();
        List<HeldPacket> released = pool.held().dueBy(2); // entries 0, 1, 2
        pool.forget(released, 50);

        List<Write> writes = entries.drain();
        // A block of puts of new keys, then a block of deletes of every old key, released or held.
        assertSwept(writes, 3, before);
        assertThat(storedCount()).isEqualTo(3);
        assertThat(pool.open(pool.held().dueBy(Long.MAX_VALUE)))
                .containsExactly(entry(3, 3, 3), entry(4, 4, 4), entry(5, 5, 5));
        pool.sweepIfDue(10_000); // nothing waits: nothing written
        assertThat(entries.drain()).isEmpty();
    }

    @Test
    void markThenSweepMarksReleasedEntriesAndSweepsOnlyOnceTheIntervalHasPassed() {
        SealedPool pool = pool(MARK);
        for (int i = 0; i < 4; i++) {
            pool.hold(entry(i, 0, i * 10));
        }
        Set<Bytes> before = new HashSet<>(entries.contents().keySet());
        entries.drain();
        meta.drain();
        pool.forget(pool.held().dueBy(10), 10); // entries 0 and 1

        assertThat(entries.drain()).as("no pool entry is touched at release").isEmpty();
        List<Write> marks = meta.drain();
        assertThat(marks).hasSize(3).noneMatch(Write::isDelete); // two marks, then the count
        assertThat(marks.get(0).key().get()[0]).isEqualTo(SealedPool.MARK_PREFIX);
        assertThat(marks.get(0).key().get()).hasSize(1 + SealedPool.STORE_KEY_LENGTH);
        assertThat(marks.get(2).key()).isEqualTo(SealedPool.COUNT_KEY);
        assertThat(storedCount()).isEqualTo(2);
        assertThat(pool.size()).isEqualTo(2);

        pool.sweepIfDue(999); // the interval counts from restore(0)
        assertThat(entries.drain()).isEmpty();
        pool.sweepIfDue(1000);
        assertSwept(entries.drain(), 2, before);
        List<Write> markDeletes = meta.drain();
        assertThat(markDeletes).hasSize(2).allMatch(Write::isDelete); // the marks
        assertThat(markDeletes).extracting(Write::key).isSorted(); // by random mark id, not by entry
        assertThat(pool.open(pool.held().dueBy(Long.MAX_VALUE))).containsExactly(entry(2, 0, 20), entry(3, 0, 30));
    }

    @Test
    void markThenSweepWhenOutnumberedWritesOnlyMarksUntilTheReleasedOutnumberTheHeld() {
        SealedPool pool = pool(OUTNUMBERED);
        for (int i = 0; i < 10; i++) {
            pool.hold(entry(i, 0, i));
        }
        Set<Bytes> before = new HashSet<>(entries.contents().keySet());
        entries.drain();
        meta.drain();

        pool.forget(pool.held().dueBy(2), 10); // entries 0, 1, 2: 3 marked, 7 held
        assertThat(entries.drain()).as("a round writes no pool entry").isEmpty();
        List<Write> marks = meta.drain();
        assertThat(marks).hasSize(4).noneMatch(Write::isDelete); // three marks, then the count
        assertThat(marks.subList(0, 3))
                .allSatisfy(m -> assertThat(m.key().get()[0]).isEqualTo(SealedPool.MARK_PREFIX))
                .extracting(m -> Bytes.wrap(
                        java.util.Arrays.copyOfRange(m.key().get(), 1, m.key().get().length)))
                .as("mark ids are fresh, never an entry's key")
                .doesNotContainAnyElementsOf(before);
        pool.sweepIfDue(Long.MAX_VALUE); // not time-driven
        assertThat(entries.drain()).isEmpty();

        pool.forget(pool.held().dueBy(4), 20); // entries 3, 4: 5 marked, 5 held: outnumbered, swept
        assertSwept(entries.drain(), 5, before);
        assertThat(meta.drain()).filteredOn(Write::isDelete).hasSize(3); // the first round's marks
        assertThat(meta.contents().keySet()).containsExactly(SealedPool.COUNT_KEY);
        assertThat(storedCount()).isEqualTo(5);
        assertThat(pool.open(pool.held().dueBy(Long.MAX_VALUE)))
                .containsExactly(entry(5, 0, 5), entry(6, 0, 6), entry(7, 0, 7), entry(8, 0, 8), entry(9, 0, 9));
    }

    @Test
    void storeWritesPerRoundDependOnWhatLeavesNotOnWhatIsHeld() {
        for (int held : new int[] {100, 1000}) {
            RecordingStore poolStore = new RecordingStore("pool");
            RecordingStore metaStore = new RecordingStore("pool-meta");
            SealedPool pool = newPool(poolStore, metaStore, storeKey, OUTNUMBERED, "0_0");
            pool.restore(0);
            for (int i = 0; i < held; i++) {
                pool.hold(entry(i, 0, i));
            }
            poolStore.drain();
            metaStore.drain();
            pool.forget(pool.held().dueBy(9), 10); // 10 leave
            assertThat(poolStore.drain()).as("pool writes with %d held", held).isEmpty();
            assertThat(metaStore.drain()).as("meta writes with %d held", held).hasSize(11);
        }
    }

    @Test
    void restoreRebuildsTheHeldPacketsFromTheStoresSkippingMarkedOnes() {
        SealedPool first = pool(MARK);
        for (int i = 0; i < 3; i++) {
            first.hold(entry(i, 0, i * 10));
        }
        first.forget(first.held().dueBy(0), 0);

        SealedPool restarted = newPool(entries, meta, storeKey, MARK, "0_0");
        assertThat(restarted.restore(5)).isEqualTo(2);
        assertThat(restarted.open(restarted.held().dueBy(Long.MAX_VALUE)))
                .containsExactly(entry(1, 0, 10), entry(2, 0, 20));
        // The restored mark is swept with the rest once the interval has passed since the restart.
        entries.drain();
        restarted.sweepIfDue(1004);
        assertThat(entries.drain()).isEmpty();
        restarted.sweepIfDue(1005);
        assertThat(entries.contents()).hasSize(2);
    }

    @Test
    void anotherPoolStoreKeyStopsTheTaskInsteadOfDroppingThePool() {
        SealedPool first = pool(SWEEP);
        first.hold(entry(0, 0, 0));
        SealedPool other = newPool(entries, meta, PoolStoreKey.generate(random), SWEEP, "0_3");
        assertThatThrownBy(() -> other.restore(0))
                .isInstanceOf(StoreKeyMismatchException.class)
                .hasMessageContaining("Task 0_3 of mixer mix-a")
                .hasMessageContaining(PoolStoreKey.FILE_NAME);
        assertThat(StoreKeyMismatchException.isCauseOf(new RuntimeException(new StoreKeyMismatchException("x"))))
                .isTrue();
    }

    /**
     * A sweep's writes: {@code held} puts under fresh keys in ascending key order (fresh random keys:
     * a uniformly random order), then one delete of every key in {@code before}, in ascending order.
     */
    private static void assertSwept(List<Write> writes, int held, Set<Bytes> before) {
        assertThat(writes).hasSize(held + before.size());
        List<Write> puts = writes.subList(0, held);
        List<Write> deletes = writes.subList(held, writes.size());
        assertThat(puts).noneMatch(Write::isDelete);
        assertThat(puts).extracting(Write::key).isSorted().doesNotContainAnyElementsOf(before);
        assertThat(deletes).allMatch(Write::isDelete);
        assertThat(deletes).extracting(Write::key).isSorted().containsExactlyInAnyOrderElementsOf(before);
    }

    /** Whether any 32-byte window (or the whole of a shorter needle) occurs in a haystack. */
    private record Windows32(byte[] haystack) {
        boolean contains(byte[] needle) {
            int n = Math.min(32, needle.length);
            outer:
            for (int i = 0; i + n <= haystack.length; i++) {
                for (int j = 0; j < n; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
