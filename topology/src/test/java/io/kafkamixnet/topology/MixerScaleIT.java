package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one mixer on a 4-partition ingress topic split the partitions and the traffic. */
@ExtendWith(KafkaClusterExtension.class)
class MixerScaleIT {

    @Test
    void twoInstancesShareFourPartitions(KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> base =
                net.mixerSettings("timed", Map.of("strategy.interval", "1s"), 4, 4, work.resolve("s1"));
        MixerConfig first = MixerConfig.fromMap(base, null);
        base.put("state.dir", work.resolve("s2").toString());
        MixerConfig second = MixerConfig.fromMap(base, null);
        try (MixerApplication a = MixerApplication.create(first, net.clientSettings());
                MixerApplication b = MixerApplication.create(second, net.clientSettings())) {
            a.start();
            b.start();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> a.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                            && b.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                            && a.activeTasks().size() == 2
                            && b.activeTasks().size() == 2);
            Set<String> tasks = new HashSet<>(a.activeTasks());
            tasks.addAll(b.activeTasks());
            assertThat(tasks).containsExactlyInAnyOrder("0_0", "0_1", "0_2", "0_3");
            assertThat(a.ingressPartitionCount()).isEqualTo(4);

            List<byte[]> packets = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add("m" + i);
                packets.add(net.exitPacket("m" + i));
            }
            net.produce(net.topic("mix-a.in"), 4, packets);
            List<String> got;
            try (var consumer = net.consumer(true)) {
                got = LiveNetwork.readCommitted(
                                consumer, net.topic("exit.survey"), 40, Duration.ofSeconds(60), Duration.ofSeconds(1))
                        .stream()
                        .map(r -> LiveNetwork.payload(r.value()))
                        .toList();
            }
            assertThat(got).hasSize(40).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(a.metrics().acceptedCount()).isPositive();
            assertThat(b.metrics().acceptedCount()).isPositive();
            assertThat(a.metrics().acceptedCount() + b.metrics().acceptedCount())
                    .isEqualTo(40);
            assertThat(a.metrics().rejections().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum()
                            + b.metrics().rejections().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                    .isZero();
        }
    }

    /**
     * Two live instances configured with the same {@code mixer.instance-id}: the fenced one stops with
     * an error naming the setting instead of replacing its thread and fencing the other back forever.
     */
    @Test
    void aSecondInstanceWithTheSameInstanceIdStopsTheFencedOne(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> base =
                net.mixerSettings("timed", Map.of("strategy.interval", "1s"), 1, 1, work.resolve("s1"));
        base.put("mixer.instance-id", "same-instance");
        MixerConfig first = MixerConfig.fromMap(base, null);
        base.put("state.dir", work.resolve("s2").toString());
        MixerConfig second = MixerConfig.fromMap(base, null);
        try (MixerApplication a = MixerApplication.create(first, net.clientSettings());
                MixerApplication b = MixerApplication.create(second, net.clientSettings())) {
            a.start();
            assertThat(a.awaitRunning(Duration.ofSeconds(90))).isTrue();
            b.start();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> a.failure().isPresent() || b.failure().isPresent());
            Throwable failure = a.failure().or(b::failure).orElseThrow();
            assertThat(failure).hasMessageContaining("mixer.instance-id");
        }
    }
}
