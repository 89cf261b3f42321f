package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.internals.Shuffle;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output position is independent of input position: chi-square over many real batches. */
class ShuffleTest {

    private static final int BATCH = 8;
    private static final int BATCHES = 400;

    @Test
    void outputPositionsAreIndependentOfInputPositionsOverManyBatches(@TempDir Path dir) {
        long[][] counts = new long[BATCH][BATCH];
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .build())) {
            for (int b = 0; b < BATCHES; b++) {
                List<String> in = f.sendExits(b + ":", BATCH);
                f.advanceMillis(1000);
                var out = f.exits.readValuesToList();
                assertThat(out).hasSize(BATCH);
                for (int pos = 0; pos < BATCH; pos++) {
                    counts[in.indexOf(MixFixture.payload(out.get(pos)))][pos]++;
                }
            }
        }
        double stat = ChiSquare.uniformStatistic(counts);
        int dof = (BATCH - 1) * (BATCH - 1);
        assertThat(stat)
                .as("chi-square of input x output position, %d dof", dof)
                .isLessThan(ChiSquare.critical(dof));
    }

    @Test
    void theTestRejectsAnOrderPreservingMixAndAnUnevenShuffle() {
        long[][] identity = new long[BATCH][BATCH];
        SecureRandom r = new SecureRandom();
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < BATCH; i++) {
                identity[i][i]++;
            }
        }
        double critical = ChiSquare.critical((BATCH - 1) * (BATCH - 1));
        assertThat(ChiSquare.uniformStatistic(identity)).isGreaterThan(critical);
        // The classic wrong shuffle (j drawn from the whole range) is not uniform; 20,000 batches show it.
        long[][] manyBiased = new long[BATCH][BATCH];
        long[][] manyFair = new long[BATCH][BATCH];
        for (int b = 0; b < 20_000; b++) {
            List<Integer> naive = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            for (int i = 0; i < BATCH; i++) {
                int j = r.nextInt(BATCH);
                Integer t = naive.get(i);
                naive.set(i, naive.get(j));
                naive.set(j, t);
            }
            List<Integer> fair = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            Shuffle.fisherYates(fair, r);
            for (int pos = 0; pos < BATCH; pos++) {
                manyBiased[naive.get(pos)][pos]++;
                manyFair[fair.get(pos)][pos]++;
            }
        }
        assertThat(ChiSquare.uniformStatistic(manyBiased)).isGreaterThan(critical);
        assertThat(ChiSquare.uniformStatistic(manyFair)).isLessThan(critical);
    }
}
