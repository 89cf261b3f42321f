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
import io.kafkamixnet.topology.cover.LoopPath;
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
 * Response-path heartbeat loops on the embedded broker, routed over the directory the mixers publish
 * to. Forward mixer mix-a sends reply blocks it built for itself into resp-1 (its only
 * {@code heartbeat.entry}), through resp-2, which delivers them to the shared reply inbox, where mix-a
 * reads them back. Response mixer resp-1 sends its own through resp-2 back to itself as the last hop.
 * When resp-2 stops, both loops stop coming back: both mixers raise the alarm and their descriptors in
 * the directory say so.
 */
@ExtendWith(KafkaClusterExtension.class)
class ResponseLoopsIT {

    @Test
    void replyLoopsComeBackThroughResponseMixersAndAStoppedResponseMixerRaisesTheAlarm(
            KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        String directory = net.topic("mixnet-directory");
        String inbox = net.topic("replies");

        Map<String, String> a = settings(net, work, "mix-a", directory);
        a.put("mixer.role", "forward");
        a.remove("next-hop.mix-b");
        a.put("heartbeat.rate", "5");
        a.put("heartbeat.hops", "2");
        a.put("heartbeat.paths", "response");
        a.put("heartbeat.entry.resp-1", net.topic("resp-1.in"));
        a.put("heartbeat.reply-inbox", inbox);

        Map<String, String> r1 = responseSettings(net, work, "resp-1", "resp-2", directory, inbox);
        r1.put("heartbeat.rate", "5");
        r1.put("heartbeat.hops", "1");
        r1.put("heartbeat.paths", "response");

        Map<String, String> r2 = responseSettings(net, work, "resp-2", "resp-1", directory, inbox);

        try (MixerApplication mixA = MixerApplication.create(MixerConfig.fromMap(a, null), net.clientSettings());
                MixerApplication resp1 = MixerApplication.create(MixerConfig.fromMap(r1, null), net.clientSettings());
                MixerApplication resp2 = MixerApplication.create(MixerConfig.fromMap(r2, null), net.clientSettings())) {
            resp2.start();
            resp1.start();
            mixA.start();
            try (DirectoryReader client = new DirectoryReader(
                    cluster.clientProperties(),
                    directory,
                    TrustPolicy.trustingHex(List.of(
                            mixA.identity().orElseThrow(), resp1.identity().orElseThrow())))) {
                client.start();
                for (MixerApplication m : List.of(resp2, resp1, mixA)) {
                    assertThat(m.awaitRunning(Duration.ofSeconds(90))).isTrue();
                }
                assertThat(mixA.heartbeats().keySet()).containsExactly(LoopPath.RESPONSE);

                // mix-a: resp-1 -> resp-2 -> reply inbox -> mix-a's inbox reader.
                // resp-1: resp-2 -> resp-1, which peels DeliverReply and recognises its SURB id at intake.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> mixA.metrics().responseLoopsReturnedCount() >= 10
                                && resp1.metrics().responseLoopsReturnedCount() >= 10);
                assertThat(mixA.metrics().loopsReturnedCount())
                        .as("every loop of mix-a is a response-path loop")
                        .isEqualTo(mixA.metrics().responseLoopsReturnedCount());
                // resp-2 accepted every loop: at each response mixer they are replies like any other.
                for (MixerApplication m : List.of(resp1, resp2)) {
                    assertThat(m.metrics().rejections().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                            .as("rejections at %s", m.config().mixerId())
                            .isZero();
                }
                assertThat(mixA.metrics().heartbeatAlarm()).isFalse();
                assertThat(resp1.metrics().heartbeatAlarm()).isFalse();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> healthOf(client, "mix-a").equals(Optional.of(MixerHealth.OK))
                                && healthOf(client, "resp-1").equals(Optional.of(MixerHealth.OK)));
                long sentBefore = mixA.metrics().responseLoopsSentCount();
                long returnedBefore = mixA.metrics().responseLoopsReturnedCount();
                System.out.printf(
                        "response-path loops before the stop: mix-a %d sent, %d back; resp-1 %d sent, %d back%n",
                        sentBefore,
                        returnedBefore,
                        resp1.metrics().responseLoopsSentCount(),
                        resp1.metrics().responseLoopsReturnedCount());

                // resp-2 goes away: neither mixer's reply-path loops come back; within grace + window, alarms.
                long stoppedAt = System.nanoTime();
                resp2.close();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> mixA.metrics().heartbeatAlarm()
                                && resp1.metrics().heartbeatAlarm());
                System.out.printf(
                        "alarms raised %.1f s after resp-2 stopped (window 5 s, grace 5 s)%n",
                        (System.nanoTime() - stoppedAt) / 1e9);
                assertThat(mixA.metrics().heartbeatAlarm(LoopPath.RESPONSE)).isTrue();
                assertThat(mixA.heartbeats().get(LoopPath.RESPONSE).lastTest().alarm())
                        .isTrue();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> healthOf(client, "mix-a").equals(Optional.of(MixerHealth.HEARTBEAT_ALARM))
                                && healthOf(client, "resp-1").equals(Optional.of(MixerHealth.HEARTBEAT_ALARM)));
                assertThat(mixA.lastDescriptor().orElseThrow().heartbeatAlarm()).isTrue();
            }
        }
    }

    private static Optional<MixerHealth> healthOf(DirectoryReader reader, String mixerId) {
        return reader.snapshot().mixer(mixerId).flatMap(MixerInfo::health);
    }

    private static Map<String, String> responseSettings(
            LiveNetwork net, Path work, String id, String peer, String directory, String inbox) throws Exception {
        Map<String, String> m = settings(net, work, id, directory);
        m.put("mixer.role", "response");
        m.remove("next-hop.mix-b");
        m.remove("exit.survey");
        m.put("next-hop." + peer, net.topic(peer + ".in"));
        m.put("topic.reply-inbox", inbox);
        return m;
    }

    private static Map<String, String> settings(LiveNetwork net, Path work, String id, String directory)
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
        m.put("keys.dir", keys.toString());
        m.put("directory.topic", directory);
        m.put("directory.publish-interval", "1s");
        m.put("epoch.length", "10m");
        m.put("heartbeat.window", "5s");
        m.put("heartbeat.return-grace", "5s");
        return m;
    }
}
