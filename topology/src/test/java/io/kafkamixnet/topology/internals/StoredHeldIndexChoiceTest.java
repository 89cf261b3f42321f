package io.kafkamixnet.topology.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.ChiSquare;
import io.kafkamixnet.topology.release.HeldPacket;
import io.kafkamixnet.topology.release.PoolRelease;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The pool mix chooses by position; with the index in a store, whose positions a history of
 * swap-removes has scrambled, every held packet and every pair of them is still equally likely.
 */
class StoredHeldIndexChoiceTest {

    @Test
    void aPoolRoundOverTheStoredIndexChoosesAUniformSubset() {
        StoredHeldIndex index = new StoredHeldIndex(new RecordingStore("pool-index"));
        // 30 added, 20 removed from here and there: the 10 left sit at positions unlike their arrival.
        Map<Bytes, Integer> id = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            index.add(new HeldPacket(Bytes.wrap(new byte[] {(byte) i}), i, i));
        }
        int left = 0;
        for (int i = 0; i < 30; i++) {
            if (i % 3 != 0 || i == 0) {
                index.remove(Bytes.wrap(new byte[] {(byte) i}));
            }
        }
        for (int i = 0; i < index.size(); i++) {
            id.put(index.get(i).key(), left++);
        }
        int n = id.size();
        assertThat(n).isEqualTo(9);

        PoolRelease policy = new PoolRelease(Duration.ofSeconds(1), 0, 0.5, new SecureRandom());
        long[] chosen = new long[n];
        long[] pairs = new long[n * (n - 1) / 2];
        for (int round = 0; round < 20_000; round++) {
            List<HeldPacket> out = policy.onTick(index, 0); // 4 of 9
            assertThat(out).hasSize(4).doesNotHaveDuplicates();
            for (int a = 0; a < out.size(); a++) {
                int x = id.get(out.get(a).key());
                chosen[x]++;
                for (int b = a + 1; b < out.size(); b++) {
                    int y = id.get(out.get(b).key());
                    pairs[pairIndex(Math.min(x, y), Math.max(x, y), n)]++;
                }
            }
        }
        assertThat(ChiSquare.uniformStatistic(chosen)).isLessThan(ChiSquare.critical(n - 1));
        assertThat(ChiSquare.uniformStatistic(pairs)).isLessThan(ChiSquare.critical(pairs.length - 1));
    }

    /** Index of the pair {@code x < y} among the pairs of {@code 0..n-1}. */
    private static int pairIndex(int x, int y, int n) {
        return x * n - x * (x + 1) / 2 + (y - x - 1);
    }
}
