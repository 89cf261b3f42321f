package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pool} store goes through the Kafka Streams record cache only for strategies whose every
 * release takes everything held ({@code Forgetting.AllLeave}); {@code pool-meta} and the replay store
 * never do.
 */
class PoolStoreCachingTest {

    @Test
    void timedAndThresholdCacheThePoolStoreAndNothingElse(@TempDir Path dir) {
        List<MixingStrategy> strategies = List.of(
                new MixingStrategy.Timed(Duration.ofSeconds(1)),
                new MixingStrategy.Threshold(10, Optional.empty()),
                new MixingStrategy.Threshold(10, Optional.of(Duration.ofSeconds(5))));
        for (int i = 0; i < strategies.size(); i++) {
            MixingStrategy s = strategies.get(i);
            try (MixFixture f =
                    new MixFixture(dir.resolve("s" + i)).start(forwardConfig(s).build())) {
                assertThat(cached(f, TopologyNames.POOL_STORE)).as(s.toString()).isTrue();
                assertThat(cached(f, TopologyNames.POOL_META_STORE))
                        .as(s.toString())
                        .isFalse();
                assertThat(cached(f, TopologyNames.REPLAY_STORE))
                        .as(s.toString())
                        .isFalse();
                // Still a working mixer: everything held leaves at the threshold or the interval.
                f.sendExits("a", 10);
                f.advanceMillis(1000);
                assertThat(f.exits.readRecordsToList()).hasSize(10);
                assertThat(f.metrics.heldCount()).isZero();
            }
        }
    }

    @Test
    void poolAndContinuousCacheNoStore(@TempDir Path dir) {
        List<MixingStrategy> strategies =
                List.of(new MixingStrategy.Pool(Duration.ofSeconds(1), 2, 0.5), MixingStrategy.Continuous.defaults());
        for (int i = 0; i < strategies.size(); i++) {
            MixingStrategy s = strategies.get(i);
            try (MixFixture f =
                    new MixFixture(dir.resolve("s" + i)).start(forwardConfig(s).build())) {
                for (String store :
                        List.of(TopologyNames.POOL_STORE, TopologyNames.POOL_META_STORE, TopologyNames.REPLAY_STORE)) {
                    assertThat(cached(f, store)).as(s + " " + store).isFalse();
                }
            }
        }
    }

    /** Whether the store's layers (metered, caching, logging, RocksDB) include the record cache. */
    private static boolean cached(MixFixture f, String name) {
        List<Class<?>> layers = new ArrayList<>();
        StateStore s = f.driver.getKeyValueStore(name);
        while (s != null) {
            layers.add(s.getClass());
            s = s instanceof WrappedStateStore<?, ?, ?> w ? w.wrapped() : null;
        }
        assertThat(layers).as("layers of " + name).hasSizeGreaterThan(1);
        return layers.stream().anyMatch(CachingKeyValueStore.class::isAssignableFrom);
    }
}
