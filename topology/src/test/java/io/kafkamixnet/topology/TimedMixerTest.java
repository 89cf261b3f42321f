package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.schemas.ExitMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedMixerTest {

    @Test
    void flushesEverythingHeldExactlyAtEachIntervalAndNothingBetween(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(2)))
                        .build())) {
            List<String> first = f.sendExits("a", 7);
            assertThat(f.exits.isEmpty()).isTrue();
            assertThat(f.metrics.heldCount()).isEqualTo(7);

            f.advanceMillis(1999);
            assertThat(f.exits.isEmpty())
                    .as("nothing before the interval has passed")
                    .isTrue();
            f.advanceMillis(1);
            List<TestRecord<byte[], ExitMessage>> out = f.exits.readRecordsToList();
            assertThat(out).hasSize(7);
            assertThat(out).extracting(r -> MixFixture.payload(r.value())).containsExactlyInAnyOrderElementsOf(first);
            assertThat(out).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(f.now()));
            assertThat(f.metrics.heldCount()).isZero();

            f.advanceMillis(2000); // an interval without traffic: nothing, and no error
            assertThat(f.exits.isEmpty()).isTrue();

            f.advanceMillis(500);
            List<String> second = f.sendExits("b", 3);
            f.advanceMillis(1499);
            assertThat(f.exits.isEmpty()).isTrue();
            f.advanceMillis(1);
            assertThat(f.exits.readRecordsToList())
                    .extracting(r -> MixFixture.payload(r.value()))
                    .containsExactlyInAnyOrderElementsOf(second);

            MixerMetrics.BatchStats stats = f.metrics.batchStats();
            assertThat(stats.count()).isEqualTo(2);
            assertThat(stats.total()).isEqualTo(10);
            assertThat(stats.min()).isEqualTo(3);
            assertThat(stats.max()).isEqualTo(7);
            assertThat(f.metrics.acceptedCount()).isEqualTo(10);
        }
    }

    @Test
    void relaysToTheNextHopWithTheSameEpochAndAPacketOnlyTheNextHopCanOpen(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .build())) {
            f.send(f.relayPacket("hello".getBytes()));
            f.advanceMillis(1000);
            var out = f.nextHop.readRecordsToList();
            assertThat(out).hasSize(1);
            var env = out.get(0).value();
            assertThat(env.getEpoch()).isEqualTo(MixFixture.EPOCH);
            assertThat(env.getFormatVersion()).isEqualTo(1);
            var next = f.sphinx.unwrap(f.nextKey, MixFixture.bytes(env.getPacket()));
            assertThat(next).isInstanceOf(io.kafkamixnet.packet.UnwrapResult.Processed.class);
            var processed = (io.kafkamixnet.packet.UnwrapResult.Processed) next;
            assertThat(new String(processed.output())).isEqualTo("hello");
            assertThat(f.exits.isEmpty()).isTrue();
        }
    }
}
