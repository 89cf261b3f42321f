package io.kafkamixnet.topology.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.topology.release.HeldPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both {@link PoolIndex} implementations against a plain map: swap-remove through many random adds
 * and removes, released keys, the sweep's rekeying (order of rewrites and deletes) and the wipe.
 */
class PoolIndexTest {

    record Kind(String name, Supplier<PoolIndex> create) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("heap", HeldIndex::new),
                new Kind("store", () -> new StoredHeldIndex(new RecordingStore("pool-index"))));
    }

    private static Bytes key(SplittableRandom rnd) {
        byte[] k = new byte[16];
        rnd.nextBytes(k);
        return Bytes.wrap(k);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void agreesWithAMapThroughRandomAddsAndRemoves(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(42);
        PoolIndex index = kind.create().get();
        Map<Bytes, HeldPacket> expected = new HashMap<>();
        List<Bytes> present = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (present.isEmpty() || rnd.nextInt(3) > 0) {
                HeldPacket p = new HeldPacket(key(rnd), step, step + rnd.nextInt(1000));
                index.add(p);
                expected.put(p.key(), p);
                present.add(p.key());
            } else {
                Bytes k = present.remove(rnd.nextInt(present.size()));
                index.remove(k);
                expected.remove(k);
            }
            if (step % 2000 == 0) {
                check(index, expected);
            }
        }
        check(index, expected);
        index.remove(Bytes.wrap(new byte[16])); // absent: nothing happens
        check(index, expected);
        assertThat(index.dueBy(Long.MAX_VALUE))
                .hasSize(expected.size())
                .isSortedAccordingTo((a, b) -> Long.compare(a.releaseAtMillis(), b.releaseAtMillis()));
        assertThat(index.dueBy(5000)).allMatch(p -> p.releaseAtMillis() <= 5000);
        assertThatThrownBy(() -> index.get(index.size())).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> index.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.oldestArrival()).isEmpty();
        assertThat(index.all()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void releasedKeysAreStoredKeysInKeyOrderUntilTheWipe(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(7);
        PoolIndex index = kind.create().get();
        TreeSet<Bytes> stored = new TreeSet<>();
        List<HeldPacket> live = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HeldPacket p = new HeldPacket(key(rnd), i, i);
            index.add(p);
            live.add(p);
            stored.add(p.key());
        }
        for (HeldPacket p : live.subList(0, 20)) {
            index.remove(p.key());
            index.addReleased(p.key());
        }
        assertThat(index.size()).isEqualTo(30);
        assertThat(index.releasedCount()).isEqualTo(20);
        assertThat(index.isReleased(live.get(0).key())).isTrue();
        assertThat(index.isReleased(live.get(30).key())).isFalse();
        List<Bytes> visited = new ArrayList<>();
        index.forEachStoredKey(visited::add);
        assertThat(visited).containsExactlyElementsOf(stored);
        index.clear();
        assertThat(index.releasedCount()).isZero();
        assertThat(index.isReleased(live.get(0).key())).isFalse();
        List<Bytes> none = new ArrayList<>();
        index.forEachStoredKey(none::add);
        assertThat(none).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void rekeyRewritesInNewKeyOrderThenDeletesEveryOldKeyInKeyOrder(Kind kind) {
        SplittableRandom rnd = new SplittableRandom(11);
        PoolIndex index = kind.create().get();
        Map<Bytes, HeldPacket> live = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            HeldPacket p = new HeldPacket(key(rnd), i, 1000 + i);
            index.add(p);
            live.put(p.key(), p);
        }
        Set<Bytes> old = new HashSet<>(live.keySet());
        List<Bytes> liveKeys = new ArrayList<>(live.keySet());
        for (Bytes k : liveKeys.subList(0, 60)) {
            index.remove(k);
            index.addReleased(k);
            live.remove(k);
        }
        List<Bytes> newKeys = new ArrayList<>();
        Map<Bytes, HeldPacket> renamed = new HashMap<>();
        List<Bytes> deleted = new ArrayList<>();
        index.rekey(
                () -> key(rnd).get(),
                (p, fresh) -> {
                    assertThat(deleted)
                            .as("every rewrite comes before the first delete")
                            .isEmpty();
                    assertThat(live).containsEntry(p.key(), p);
                    newKeys.add(fresh);
                    renamed.put(fresh, p);
                },
                deleted::add);
        assertThat(newKeys).hasSize(140).isSorted().doesNotContainAnyElementsOf(old);
        assertThat(renamed.values()).containsExactlyInAnyOrderElementsOf(live.values());
        assertThat(deleted).isSorted().containsExactlyInAnyOrderElementsOf(old);
        assertThat(index.releasedCount()).isZero();
        assertThat(index.size()).isEqualTo(140);
        Set<Bytes> seen = new HashSet<>();
        for (int i = 0; i < index.size(); i++) {
            HeldPacket p = index.get(i);
            HeldPacket was = renamed.get(p.key());
            assertThat(was).isNotNull();
            assertThat(p.arrivedAtMillis()).isEqualTo(was.arrivedAtMillis());
            assertThat(p.releaseAtMillis()).isEqualTo(was.releaseAtMillis());
            seen.add(p.key());
        }
        assertThat(seen).isEqualTo(renamed.keySet());
        List<Bytes> stored = new ArrayList<>();
        index.forEachStoredKey(stored::add);
        assertThat(stored).containsExactlyElementsOf(new TreeSet<>(renamed.keySet()));
        // The old keys are gone: removing one changes nothing, and a new one can be added.
        index.remove(liveKeys.get(100));
        assertThat(index.size()).isEqualTo(140);
    }

    private static void check(PoolIndex index, Map<Bytes, HeldPacket> expected) {
        assertThat(index.size()).isEqualTo(expected.size());
        var seen = new HashSet<Bytes>();
        for (int i = 0; i < index.size(); i++) {
            HeldPacket p = index.get(i);
            assertThat(p).isEqualTo(expected.get(p.key()));
            seen.add(p.key());
        }
        assertThat(seen).isEqualTo(expected.keySet());
        assertThat(index.all()).containsExactlyInAnyOrderElementsOf(expected.values());
        assertThat(index.oldestArrival().orElse(-1))
                .isEqualTo(expected.values().stream()
                        .mapToLong(HeldPacket::arrivedAtMillis)
                        .min()
                        .orElse(-1));
    }
}
