package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads every internal topic of a running pool mixer on a real broker (uncommitted records
 * included) and looks for any 32-byte window of any record the mixer wrote out.
 */
@ExtendWith(KafkaClusterExtension.class)
class ChangelogHygieneIT {

    @Test
    void noInternalTopicHoldsAnyOutgoingBytes(KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings = net.mixerSettings(
                "pool",
                Map.of("strategy.interval", "1s", "strategy.min-pool", "3", "strategy.fraction", "0.5"),
                1,
                4,
                work.resolve("state"));
        MixerConfig config = MixerConfig.fromMap(settings, null);
        List<byte[]> outputs = new ArrayList<>();
        Set<Integer> exitPartitions = new HashSet<>();
        try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
            mixer.start();
            assertThat(mixer.awaitRunning(Duration.ofSeconds(90))).isTrue();
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                packets.add(net.relayPacket("relay " + i));
                packets.add(net.exitPacket("exit payload " + i + " ".repeat(i * 10)));
            }
            net.produce(net.topic("mix-a.in"), 1, packets);
            // 24 held: rounds release 12, 6, 3; the last 3 stay.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> mixer.metrics().releasedCount() == 21);
            assertThat(mixer.metrics().heldCount()).isEqualTo(3);
            try (KafkaConsumer<byte[], byte[]> c = net.consumer(true)) {
                for (var r : LiveNetwork.readCommitted(
                        c, net.topic("exit.survey"), 1, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
                    ExitMessage m = AvroSerde.exitMessage().deserializer().deserialize("x", r.value());
                    outputs.add(MixFixture.bytes(m.getPayload()));
                    outputs.add(r.value());
                    exitPartitions.add(r.partition());
                }
            }
            try (KafkaConsumer<byte[], byte[]> c = net.consumer(true)) {
                for (var r : LiveNetwork.readCommitted(
                        c, net.topic("mix-b.in"), 1, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
                    PacketEnvelope e = AvroSerde.packetEnvelope().deserializer().deserialize("x", r.value());
                    outputs.add(MixFixture.bytes(e.getPacket()));
                    outputs.add(r.value());
                }
            }
            assertThat(outputs).hasSize(42);
        }
        // From one ingress partition to a 4-partition exit topic: partitions are drawn, not copied.
        assertThat(exitPartitions.size()).isGreaterThan(1);

        List<String> internal;
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(config.applicationId() + "-"))
                    .toList();
        }
        assertThat(internal)
                .contains(
                        MixerTopology.changelogTopic(config, TopologyNames.POOL_STORE),
                        MixerTopology.changelogTopic(config, TopologyNames.POOL_META_STORE),
                        MixerTopology.changelogTopic(config, TopologyNames.REPLAY_STORE));
        assertThat(internal).noneMatch(t -> t.contains("repartition"));
        // The pool mix's index of held packets is local only: no changelog, nothing more to read.
        assertThat(internal).noneMatch(t -> t.contains(TopologyNames.POOL_INDEX_STORE));

        List<byte[]> internalValues = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = net.consumer(false)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : internal) {
                c.partitionsFor(t).forEach(p -> tps.add(new TopicPartition(t, p.partition())));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        internalValues.add(r.value());
                    }
                    if (r.key() != null) {
                        internalValues.add(r.key());
                    }
                }
            }
        }
        // 24 intake puts plus the rewrites of three sweeps, at least.
        assertThat(internalValues.size()).isGreaterThan(24);
        Windows internalWindows = new Windows(internalValues);
        for (byte[] out : outputs) {
            assertThat(internalWindows.containsAnyWindowOf(out))
                    .as("an output record's bytes appear in an internal topic")
                    .isFalse();
        }
    }
}
