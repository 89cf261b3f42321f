package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdMixerTest {

    @Test
    void releasesExactlyNAsSoonAsNAreHeldAndNeverAThinBatch(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Threshold(5, Optional.empty()))
                        .build())) {
            f.sendExits("a", 4);
            f.advance(Duration.ofMinutes(20)); // no traffic: the last batch is never filled, and never flushed
            assertThat(f.exits.isEmpty()).isTrue();
            assertThat(f.metrics.heldCount()).isEqualTo(4);

            f.sendExits("b", 1);
            var out = f.exits.readRecordsToList();
            assertThat(out).hasSize(5);
            assertThat(out).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(f.now()));
            assertThat(f.metrics.heldCount()).isZero();

            f.sendExits("c", 12);
            assertThat(f.exits.readRecordsToList()).hasSize(10);
            assertThat(f.metrics.heldCount()).isEqualTo(2);
            assertThat(f.metrics.batchStats().count()).isEqualTo(3);
            assertThat(f.metrics.batchStats().min()).isEqualTo(5);
            assertThat(f.metrics.batchStats().max()).isEqualTo(5);
        }
    }

    @Test
    void withMaxWaitReleasesWhatIsHeldOnceTheOldestHasWaitedThatLong(@TempDir Path dir) {
        var strategy = new MixingStrategy.Threshold(5, Optional.of(Duration.ofSeconds(1)));
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(strategy).build())) {
            f.sendExits("a", 2);
            f.advanceMillis(999);
            assertThat(f.exits.isEmpty()).isTrue();
            f.advanceMillis(1);
            assertThat(f.exits.readRecordsToList()).hasSize(2);
            f.advanceMillis(5000);
            assertThat(f.exits.isEmpty()).isTrue();
        }
    }
}
