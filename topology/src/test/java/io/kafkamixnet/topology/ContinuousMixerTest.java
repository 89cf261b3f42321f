package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinuousMixerTest {

    @Test
    void eachPacketLeavesWhenItsOwnDelayHasPassedWithinTheStatedGranularity(@TempDir Path dir) {
        long[] delays = {0, 1, 3, 7, 10, 11, 50, 123, 999, 1000, 2500};
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(MixingStrategy.Continuous.defaults()).build())) {
            long sentAt = f.now();
            for (long d : delays) {
                f.send(f.exitPacket(MixFixture.SERVICE, ("d" + d).getBytes(StandardCharsets.UTF_8), d));
            }
            Map<String, Long> leftAt = new HashMap<>();
            for (int ms = 0; ms < 3000; ms++) {
                f.advanceMillis(1);
                for (var r : f.exits.readRecordsToList()) {
                    assertThat(r.timestamp()).isEqualTo(f.now());
                    leftAt.put(MixFixture.payload(r.value()), f.now() - sentAt);
                }
            }
            assertThat(leftAt).hasSize(delays.length);
            long granularity = MixingStrategy.Continuous.GRANULARITY.toMillis();
            for (long d : delays) {
                assertThat(leftAt.get("d" + d)).as("delay %d", d).isBetween(d, d + granularity);
            }
            assertThat(f.metrics.heldCount()).isZero();
            KeyValueStore<Bytes, byte[]> pool = f.driver.getKeyValueStore(TopologyNames.POOL_STORE);
            assertThat(pool.approximateNumEntries())
                    .as("released entries were swept")
                    .isZero();
        }
    }

    @Test
    void releasedEntriesAreMarkedThenSweptUnderFreshKeys(@TempDir Path dir) {
        var strategy = new MixingStrategy.Continuous(Duration.ofMillis(5), Duration.ofHours(1), Duration.ofSeconds(1));
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(strategy).build())) {
            f.send(f.exitPacket(MixFixture.SERVICE, "soon".getBytes(), 10));
            f.send(f.exitPacket(MixFixture.SERVICE, "late".getBytes(), 60_000));
            KeyValueStore<Bytes, byte[]> pool = f.driver.getKeyValueStore(TopologyNames.POOL_STORE);
            KeyValueStore<Bytes, byte[]> meta = f.driver.getKeyValueStore(TopologyNames.POOL_META_STORE);
            var before = keys(pool);
            f.advanceMillis(20);
            assertThat(f.exits.readRecordsToList()).hasSize(1);
            // Released but not swept: both entries still there, plus one sealed release mark.
            assertThat(keys(pool)).isEqualTo(before);
            assertThat(keys(meta)).hasSize(2); // held count and one mark
            f.advanceMillis(1000);
            var after = keys(pool);
            assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(keys(meta)).hasSize(1);
            assertThat(f.metrics.heldCount()).isEqualTo(1);
            f.advance(Duration.ofMinutes(1));
            assertThat(f.exits.readRecordsToList())
                    .extracting(r -> MixFixture.payload(r.value()))
                    .containsExactly("late");
        }
    }

    @Test
    void aDelayAboveTheMaximumIsRefused(@TempDir Path dir) {
        var strategy =
                new MixingStrategy.Continuous(Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ofSeconds(1));
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(strategy).build())) {
            f.send(f.exitPacket(MixFixture.SERVICE, "x".getBytes(), 10_001));
            assertThat(f.dead.readValue().getReason()).isEqualTo(RejectionReason.DELAY_TOO_LONG.name());
            assertThat(f.metrics.heldCount()).isZero();
        }
    }

    static java.util.Set<Bytes> keys(KeyValueStore<Bytes, byte[]> store) {
        java.util.Set<Bytes> keys = new java.util.HashSet<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
