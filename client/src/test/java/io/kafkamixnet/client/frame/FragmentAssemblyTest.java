package io.kafkamixnet.client.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FragmentAssemblyTest {

    @Property
    void splitThenAssembleInAnyOrderGivesTheMessage(
            @ForAll @Size(max = 4000) byte[] data,
            @ForAll @IntRange(min = 1, max = 500) int perFragment,
            @ForAll @IntRange(min = 0, max = 5) int extraFragments,
            @ForAll long seed)
            throws Exception {
        int needed = Math.max(1, (data.length + perFragment - 1) / perFragment);
        int count = needed + extraFragments;
        if (count > 16) {
            return;
        }
        byte[][] slices = FragmentAssembly.split(data, count, perFragment);
        assertThat(slices.length).isEqualTo(count);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
            assertThat(slices[i].length).isLessThanOrEqualTo(perFragment);
        }
        Collections.shuffle(order, new Random(seed)); // test order only, not security relevant
        FragmentAssembly a = new FragmentAssembly(count, data.length);
        for (int k = 0; k < count; k++) {
            FragmentAssembly.Added added = a.add(order.get(k), count, data.length, slices[order.get(k)]);
            assertThat(added).isEqualTo(k == count - 1 ? FragmentAssembly.Added.COMPLETE : FragmentAssembly.Added.NEW);
        }
        assertThat(a.assemble()).isEqualTo(data);
    }

    @Test
    void duplicatesChangeNothing() throws Exception {
        FragmentAssembly a = new FragmentAssembly(2, 4);
        assertThat(a.add(0, 2, 4, new byte[] {1, 2})).isEqualTo(FragmentAssembly.Added.NEW);
        assertThat(a.add(0, 2, 4, new byte[] {9, 9})).isEqualTo(FragmentAssembly.Added.DUPLICATE);
        assertThat(a.add(1, 2, 4, new byte[] {3, 4})).isEqualTo(FragmentAssembly.Added.COMPLETE);
        assertThat(a.assemble()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void inconsistentFragmentsAreRejected() throws Exception {
        FragmentAssembly a = new FragmentAssembly(3, 6);
        a.add(0, 3, 6, new byte[] {1, 2});
        assertThatThrownBy(() -> a.add(1, 4, 6, new byte[2]))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("4 fragments");
        assertThatThrownBy(() -> a.add(1, 3, 7, new byte[2])).isInstanceOf(FrameException.class);
        assertThatThrownBy(() -> a.add(1, 3, 6, new byte[5]))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("more than the total length");
        a.add(1, 3, 6, new byte[1]);
        // The last fragment must bring the total to exactly the total length.
        assertThatThrownBy(() -> a.add(2, 3, 6, new byte[2]))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("complete message has 5 bytes");
        assertThat(a.isComplete()).isFalse();
    }

    @Test
    void splitRefusesWhatDoesNotFit() {
        assertThatThrownBy(() -> FragmentAssembly.split(new byte[11], 2, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FragmentAssembly.split(new byte[1], 17, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(FragmentAssembly.split(new byte[10], 2, 5)))
                .allSatisfy(s -> assertThat(s).hasSize(5));
        byte[][] withSpare = FragmentAssembly.split(new byte[3], 3, 5);
        assertThat(withSpare[0]).hasSize(3);
        assertThat(withSpare[1]).isEmpty();
        assertThat(withSpare[2]).isEmpty();
    }
}
