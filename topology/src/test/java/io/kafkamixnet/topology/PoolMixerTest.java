package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolMixerTest {

    private static final MixingStrategy.Pool POOL = new MixingStrategy.Pool(Duration.ofSeconds(1), 5, 0.5);

    @Test
    void releasesMinOfHeldMinusNMinAndFloorHeldTimesFEveryIntervalAndKeepsNMin(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(POOL).build())) {
            f.sendExits("a", 3);
            f.advanceMillis(1000);
            assertThat(f.exits.isEmpty()).as("3 <= nMin: nothing leaves").isTrue();

            f.sendExits("b", 17); // 20 held
            f.advanceMillis(999);
            assertThat(f.exits.isEmpty()).isTrue();
            f.advanceMillis(1);
            assertThat(f.exits.readRecordsToList()).hasSize(10); // min(20-5, floor(10)) = 10
            assertThat(f.metrics.heldCount()).isEqualTo(10);
            f.advanceMillis(1000);
            assertThat(f.exits.readRecordsToList()).hasSize(5); // min(5, 5)
            assertThat(f.metrics.heldCount()).isEqualTo(5);
            f.advance(Duration.ofMinutes(10)); // without traffic the last nMin stay
            assertThat(f.exits.isEmpty()).isTrue();
            assertThat(f.metrics.heldCount()).isEqualTo(5);
        }
    }

    @Test
    void invariantsHoldOverRandomTrafficAndTheChoiceIsRandomNotFifo(@TempDir Path dir) {
        SecureRandom r = new SecureRandom();
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(POOL).build())) {
            long held = 0;
            int released = 0;
            int releasedNew = 0;
            // 20 rounds of random traffic, 10 without (the pool drains to exactly nMin), then 100
            // rounds of 5 arrivals each: 10 held at each flush, 5 of them new.
            for (int round = 0; round < 130; round++) {
                int arrivals = round < 20 ? r.nextInt(12) : round < 30 ? 0 : 5;
                List<String> fresh = f.sendExits("r" + round + "-", arrivals);
                boolean steady = round >= 30;
                if (steady) {
                    assertThat(held).isEqualTo(5);
                }
                held += arrivals;
                f.advanceMillis(1000);
                var out = f.exits.readRecordsToList();
                assertThat(out).hasSize((int) POOL.releaseCount(held));
                held -= out.size();
                assertThat(f.metrics.heldCount()).isEqualTo(held);
                assertThat(held).isGreaterThanOrEqualTo(Math.min(5, held + out.size()));
                if (steady) {
                    Set<String> freshSet = new HashSet<>(fresh);
                    released += out.size();
                    releasedNew += (int) out.stream()
                            .filter(x -> freshSet.contains(MixFixture.payload(x.value())))
                            .count();
                }
            }
            // Steady state: 10 held at each round, 5 of them new; a uniform choice releases new
            // packets half the time (FIFO: never, LIFO: always). 500 draws: sd ~ 0.022.
            double newShare = (double) releasedNew / released;
            assertThat(released).isEqualTo(500);
            assertThat(newShare).isBetween(0.4, 0.6);
        }
    }
}
