package io.kafkamixnet.topology.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.release.HeldPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The compact index against a plain map, through many random adds and removes. */
class HeldIndexTest {

    @Test
    void agreesWithAMapThroughRandomAddsAndRemoves() {
        SplittableRandom rnd = new SplittableRandom(42);
        HeldIndex index = new HeldIndex();
        Map<Bytes, HeldPacket> expected = new HashMap<>();
        List<Bytes> present = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            if (present.isEmpty() || rnd.nextInt(3) > 0) {
                byte[] k = new byte[16];
                rnd.nextBytes(k);
                HeldPacket p = new HeldPacket(Bytes.wrap(k), step, step + rnd.nextInt(1000));
                index.add(p);
                expected.put(p.key(), p);
                present.add(p.key());
            } else {
                Bytes k = present.remove(rnd.nextInt(present.size()));
                index.remove(k);
                expected.remove(k);
                assertThat(index.contains(k)).isFalse();
            }
            if (step % 5000 == 0) {
                check(index, expected);
            }
        }
        check(index, expected);
        index.remove(Bytes.wrap(new byte[16])); // absent: nothing happens
        check(index, expected);
        assertThat(index.dueBy(Long.MAX_VALUE))
                .hasSize(expected.size())
                .isSortedAccordingTo((a, b) -> Long.compare(a.releaseAtMillis(), b.releaseAtMillis()));
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.oldestArrival()).isEmpty();
    }

    private static void check(HeldIndex index, Map<Bytes, HeldPacket> expected) {
        assertThat(index.size()).isEqualTo(expected.size());
        var seen = new HashSet<Bytes>();
        for (int i = 0; i < index.size(); i++) {
            HeldPacket p = index.get(i);
            assertThat(p).isEqualTo(expected.get(p.key()));
            seen.add(p.key());
        }
        assertThat(seen).isEqualTo(expected.keySet());
        expected.keySet().forEach(k -> assertThat(index.contains(k)).isTrue());
        assertThat(index.oldestArrival().orElse(-1))
                .isEqualTo(expected.values().stream()
                        .mapToLong(HeldPacket::arrivedAtMillis)
                        .min()
                        .orElse(-1));
    }
}
