package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.topology.internals.BoundPartitioner;
import io.kafkamixnet.topology.internals.RandomPartitioner;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An egress record carries nothing of its input record: time, headers, key, partition. */
class MetadataHygieneTest {

    @Test
    void egressRecordsHaveTheFlushTimeNoHeadersAndNoKey(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .build())) {
            for (int i = 0; i < 5; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("client-id", ("alice-" + i).getBytes());
                headers.add("traceparent", "00-abc-def-01".getBytes());
                f.ingress.pipeInput(new TestRecord<>(
                        ("alice-" + i).getBytes(),
                        f.envelope(f.exitPacket(("m" + i).getBytes())),
                        headers,
                        Instant.ofEpochMilli(1_234_567L + i)));
                f.ingress.pipeInput(new TestRecord<>(
                        ("bob-" + i).getBytes(),
                        f.envelope(f.relayPacket(("r" + i).getBytes())),
                        headers,
                        Instant.ofEpochMilli(7_654_321L + i)));
            }
            f.advanceMillis(1000);
            var exits = f.exits.readRecordsToList();
            var relays = f.nextHop.readRecordsToList();
            assertThat(exits).hasSize(5);
            assertThat(relays).hasSize(5);
            for (TestRecord<byte[], ?> r : concat(exits, relays)) {
                assertThat(r.key()).isNull();
                assertThat(r.headers().toArray()).isEmpty();
                assertThat(r.timestamp()).isEqualTo(f.now());
            }
            assertThat(exits)
                    .allSatisfy(r -> assertThat(r.value().getReplyBlock()).isNull());
        }
    }

    private static java.util.List<TestRecord<byte[], ?>> concat(
            java.util.List<TestRecord<byte[], ExitMessage>> a, java.util.List<TestRecord<byte[], PacketEnvelope>> b) {
        java.util.List<TestRecord<byte[], ?>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void egressPartitionsAreUniformAndIgnoreKeyValueAndInput() {
        RandomPartitioner<byte[], Object> p = new RandomPartitioner<>(new SecureRandom());
        long[] counts = new long[6];
        for (int i = 0; i < 6000; i++) {
            // Same key, same value, every time: only the random draw decides.
            Optional<Set<Integer>> chosen = p.partitions("exit", "same".getBytes(), "same", new RecordHeaders(), 6);
            assertThat(chosen).isPresent();
            assertThat(chosen.get()).hasSize(1);
            counts[chosen.get().iterator().next()]++;
        }
        assertThat(ChiSquare.uniformStatistic(counts)).isLessThan(ChiSquare.critical(5));

        MixFixture f = new MixFixture(Path.of("unused"));
        BoundPartitioner<byte[]> bound = new BoundPartitioner<>();
        long[] boundCounts = new long[4];
        for (int i = 0; i < 800; i++) {
            byte[] packet = f.exitPacket(new byte[0]);
            PacketEnvelope env = PacketEnvelope.newBuilder()
                    .setFormatVersion(1)
                    .setEpoch(1)
                    .setPacket(ByteBuffer.wrap(packet))
                    .build();
            int chosen = bound.partitions("next", null, env, new RecordHeaders(), 4)
                    .orElseThrow()
                    .iterator()
                    .next();
            assertThat(chosen).isEqualTo(PartitionBinding.partitionFor(packet, 4));
            boundCounts[chosen]++;
        }
        assertThat(ChiSquare.uniformStatistic(boundCounts)).isLessThan(ChiSquare.critical(3));
    }

    @Test
    void theTopologyHasNoRepartitionTopicAndWritesOnlyToConfiguredTopics(@TempDir Path keys) {
        MixFixture f = new MixFixture(Path.of("unused"));
        var config = forwardConfig(new MixingStrategy.Pool(Duration.ofSeconds(1), 2, 0.5))
                .exitService("vote", "exit.vote")
                .build();
        var ring = MixFixture.ring(keys, config.epochSchedule(), f.key);
        TopologyDescription d = MixerTopology.build(
                        config, ring, PoolStoreKey.generate(f.random), new MixerMetrics(), () -> 1)
                .describe();
        assertThat(d.subtopologies()).hasSize(1);
        assertThat(d.globalStores()).isEmpty();
        Set<String> sources = new java.util.TreeSet<>();
        Set<String> sinks = new java.util.TreeSet<>();
        Set<String> stores = new java.util.TreeSet<>();
        for (TopologyDescription.Node n : d.subtopologies().iterator().next().nodes()) {
            if (n instanceof TopologyDescription.Source s) {
                sources.addAll(s.topicSet());
            } else if (n instanceof TopologyDescription.Sink s) {
                sinks.add(s.topic());
            } else if (n instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }
        assertThat(d.toString()).doesNotContainIgnoringCase("repartition");
        assertThat(sources).containsExactly(MixFixture.INGRESS);
        assertThat(sinks)
                .containsExactlyInAnyOrder(MixFixture.NEXT_TOPIC, MixFixture.EXIT_TOPIC, "exit.vote", MixFixture.DEAD);
        // A pool mix also keeps its index of held packets in a local store without a changelog.
        assertThat(stores)
                .containsExactlyInAnyOrder(
                        TopologyNames.POOL_STORE,
                        TopologyNames.POOL_META_STORE,
                        TopologyNames.REPLAY_STORE,
                        TopologyNames.POOL_INDEX_STORE);
        // Strategies that keep their index on the heap have no such store.
        var timed =
                forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1))).build();
        TopologyDescription t = MixerTopology.build(
                        timed, ring, PoolStoreKey.generate(f.random), new MixerMetrics(), () -> 1)
                .describe();
        Set<String> timedStores = new java.util.TreeSet<>();
        for (TopologyDescription.Node n : t.subtopologies().iterator().next().nodes()) {
            if (n instanceof TopologyDescription.Processor p) {
                timedStores.addAll(p.stores());
            }
        }
        assertThat(timedStores)
                .containsExactlyInAnyOrder(
                        TopologyNames.POOL_STORE, TopologyNames.POOL_META_STORE, TopologyNames.REPLAY_STORE);
    }
}
