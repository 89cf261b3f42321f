package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.testkit.LateKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixer started while the cluster is not ready waits for it within {@code startup.retry.timeout}:
 * topics created by another process seconds later, a broker that comes up after the mixer, and a clear
 * failure when the bound is too short.
 */
@ExtendWith(KafkaClusterExtension.class)
class MixerStartupIT {

    @Test
    void aMixerStartedBeforeItsTopicsExistStartsOnceAnotherProcessCreatesThem(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 2, 1, work.resolve("state"));
        settings.put("topics.provision", "none"); // an operator creates them: here, a few seconds late
        String directory = net.topic("directory");
        settings.put("directory.topic", directory);
        MixerIdentityFiles.write(net.keyDir, MixerIdentity.generate(net.random));
        MixerConfig config = MixerConfig.fromMap(settings, null);

        CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                Thread.sleep(3_000);
                new TopicProvisioner(admin)
                        .ensure(List.of(
                                TopicSpec.mixerIngress(config.ingressTopic(), 2),
                                TopicSpec.deadLetter(config.deadLetterTopic()),
                                TopicSpec.mixerIngress(net.topic("mix-b.in"), 1),
                                TopicSpec.exit(net.topic("exit.survey"), 1),
                                TopicSpec.directory(directory)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
            mixer.start();

            assertThat(mixer.ingressPartitionCount()).isEqualTo(2);
            assertThat(mixer.lastDescriptor()).isPresent();
            assertThat(mixer.awaitRunning(Duration.ofSeconds(120))).isTrue();
        }
        operator.get();
    }

    @Test
    void aMixerStartedBeforeTheBrokerStartsOnceTheBrokerRuns(@TempDir Path work) throws Exception {
        try (LateKafkaBroker late = LateKafkaBroker.reserve()) {
            LiveNetwork net = new LiveNetwork(late, work);
            Map<String, String> settings =
                    net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state"));
            settings.put("startup.retry.timeout", "3m");
            MixerConfig config = MixerConfig.fromMap(settings, null);

            try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
                late.startAfter(Duration.ofSeconds(2));
                mixer.start(); // provisions its topics once the broker answers

                assertThat(mixer.ingressPartitionCount()).isEqualTo(1);
                assertThat(mixer.awaitRunning(Duration.ofSeconds(120))).isTrue();
            }
        }
    }

    @Test
    void aMixerWhoseTopicNeverComesFailsAtItsBoundWithAClearMessage(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state"));
        settings.put("topics.provision", "none");
        settings.put("startup.retry.timeout", "2s");
        MixerConfig config = MixerConfig.fromMap(settings, null);

        try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
            assertThatThrownBy(mixer::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            "Mixer mix-a needs the partition count of its ingress topic " + config.ingressTopic())
                    .hasMessageContaining("Gave up trying to describe the ingress topic " + config.ingressTopic())
                    .hasMessageContaining("expected the topic to exist and its partitions to be known")
                    .hasMessageContaining("UnknownTopicOrPartitionException")
                    .hasMessageContaining("raise startup.retry.timeout (now 2.0 s)");
        }
    }
}
