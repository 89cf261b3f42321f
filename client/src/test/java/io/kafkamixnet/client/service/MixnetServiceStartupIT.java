package io.kafkamixnet.client.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.testkit.LateKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A service started before its broker, its directory topic and its exit topic; one whose exit topic never comes. */
@ExtendWith(KafkaClusterExtension.class)
class MixnetServiceStartupIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aServiceStartedBeforeItsBrokerAndTopicsStartsOnceTheyExistAndReadsItsExitTopic() throws Exception {
        String directoryTopic = unique("svc-directory");
        String exitTopic = unique("svc-exit");
        String group = unique("svc-group");
        try (LateKafkaBroker late = LateKafkaBroker.reserve()) {
            Map<String, Object> config = late.clientProperties();
            CompletableFuture<MixnetService> building = CompletableFuture.supplyAsync(() -> MixnetService.builder()
                    .clientConfig(config)
                    .exitTopic(exitTopic)
                    .groupId(group)
                    .directoryTopic(directoryTopic)
                    .trustPolicy(TrustPolicy.trusting(
                            List.of(MixerIdentity.generate().publicKey())))
                    .handler(request -> request)
                    .startTimeout(Duration.ofMinutes(2))
                    .build());

            late.startAfter(Duration.ofSeconds(3));
            late.awaitStarted(WAIT);
            try (Admin admin = Admin.create(config)) {
                new TopicProvisioner(admin).ensure(List.of(TopicSpec.directory(directoryTopic)));
                Thread.sleep(2_000); // the service reads the directory, then waits for its exit topic
                assertThat(building).isNotDone();
                new TopicProvisioner(admin).ensure(List.of(TopicSpec.exit(exitTopic, 1)));

                try (MixnetService service = building.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                                .start();
                        KafkaProducer<byte[], byte[]> producer =
                                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                    // Not an exit message: the service deals with it (ignores it) and commits past it.
                    producer.send(new ProducerRecord<>(exitTopic, 0, null, null, new byte[] {1, 2, 3}))
                            .get();
                    TopicPartition p0 = new TopicPartition(exitTopic, 0);
                    Awaitility.await().atMost(WAIT).until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        OffsetAndMetadata o = committed.get(p0);
                        return o != null && o.offset() == 1;
                    });
                }
            }
        }
    }

    @Test
    void aServiceWhoseExitTopicNeverComesFailsAtItsStartTimeoutNamingTheTopicAndTheSetting(KafkaCluster cluster) {
        String exitTopic = unique("svc-never");

        assertThatThrownBy(() -> MixnetService.builder()
                        .clientConfig(cluster.clientProperties())
                        .exitTopic(exitTopic)
                        .directory(() -> {
                            throw new AssertionError("not used at start");
                        })
                        .handler(request -> request)
                        .startTimeout(Duration.ofSeconds(2))
                        .build())
                .isInstanceOf(MixnetException.class)
                .hasMessageContaining("Gave up trying to find the exit topic '" + exitTopic + "' of the service")
                .hasMessageContaining("mixnet topics create --role exit")
                .hasMessageContaining("raise the MixnetService builder's startTimeout (now 2.0 s)");
    }
}
