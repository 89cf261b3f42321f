package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real mixers on the embedded broker that route their dummies and heartbeat loops over the
 * directory they publish to: each one's loops go through the other and come back; when one mixer
 * stops, the other's loops stop coming back, its alarm is raised and its descriptor in the directory
 * says so.
 */
@ExtendWith(KafkaClusterExtension.class)
class DefencesIT {

    @Test
    void loopsComeBackThroughARealNetworkAndAnAbsentPeerRaisesTheAlarm(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        String directory = net.topic("mixnet-directory");
        MixerConfig a = MixerConfig.fromMap(settings(net, work, "mix-a", "mix-b", directory), null);
        MixerConfig b = MixerConfig.fromMap(settings(net, work, "mix-b", "mix-a", directory), null);
        try (MixerApplication mixA = MixerApplication.create(a, net.clientSettings());
                MixerApplication mixB = MixerApplication.create(b, net.clientSettings());
                // What a client reads: mix-a's descriptors.
                DirectoryReader client = new DirectoryReader(
                        cluster.clientProperties(),
                        directory,
                        TrustPolicy.trustingHex(List.of(mixA.identity().orElseThrow())))) {
            mixA.start();
            mixB.start();
            client.start();
            assertThat(mixA.awaitRunning(Duration.ofSeconds(90))).isTrue();
            assertThat(mixB.awaitRunning(Duration.ofSeconds(90))).isTrue();

            // Each reads the other's descriptor, sends loops through it and recognises them on return.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> mixA.metrics().loopsReturnedCount() >= 10
                            && mixB.metrics().loopsReturnedCount() >= 10);
            // Timed flushes of returning loops (Drops) are topped up to 4 with dummies for the peer.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> mixA.metrics().dummiesSentCount() > 0
                            && mixB.metrics().acceptedCount() > mixA.metrics().loopsSentCount());
            assertThat(mixA.metrics().heartbeatAlarm()).isFalse();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> healthOf(client, "mix-a").equals(Optional.of(MixerHealth.OK)));
            assertThat(mixA.metrics().rejections().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .as("every loop and dummy is a packet the peer accepts")
                    .isZero();
            assertThat(mixB.metrics().rejections().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isZero();

            // The peer goes away: mix-a's loops stop returning; within grace + window + a check, the alarm.
            mixB.close();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> mixA.metrics().heartbeatAlarm());
            assertThat(mixA.metrics().heartbeatAlarmsRaised()).isEqualTo(1);
            assertThat(mixA.heartbeat().orElseThrow().lastTest().alarm()).isTrue();
            // The directory tells clients: mix-a's next descriptor reports the alarm.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> healthOf(client, "mix-a").equals(Optional.of(MixerHealth.HEARTBEAT_ALARM)));
            assertThat(mixA.lastDescriptor().orElseThrow().heartbeatAlarm()).isTrue();
        }
    }

    private static Optional<MixerHealth> healthOf(DirectoryReader reader, String mixerId) {
        return reader.snapshot().mixer(mixerId).flatMap(MixerInfo::health);
    }

    private static Map<String, String> settings(LiveNetwork net, Path work, String id, String peer, String directory)
            throws Exception {
        Path keys = work.resolve("keys-" + id);
        PoolStoreKey.generate(net.random).write(keys);
        MixerIdentityFiles.write(keys, MixerIdentity.generate(net.random));
        Map<String, String> m =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state-" + id));
        m.put("mixer.id", id);
        m.put("mixer.application-id", net.topic("mixer-" + id));
        m.put("topic.ingress", net.topic(id + ".in"));
        m.put("topic.dead-letter", net.topic(id + ".dead"));
        m.remove("next-hop.mix-b");
        m.put("next-hop." + peer, net.topic(peer + ".in"));
        m.put("keys.dir", keys.toString());
        m.put("directory.topic", directory);
        m.put("directory.publish-interval", "1s");
        m.put("epoch.length", "10m");
        m.put("dummy.min-batch", "4");
        m.put("dummy.hops", "1");
        m.put("heartbeat.rate", "5");
        m.put("heartbeat.hops", "1");
        m.put("heartbeat.window", "5s");
        m.put("heartbeat.return-grace", "5s");
        return m;
    }
}
