package io.kafkamixnet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

    @Test
    void threeNodesReplicateLoseOneNodeWithoutRefusingWritesAndTakeItBack() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3);
                Admin admin = Admin.create(cluster.clientProperties())) {
            dataDir = cluster.dataDir();
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters())
                    .hasSize(3);

            // Topics created without a replication factor get the production defaults of a 3-broker cluster.
            admin.createTopics(List.of(new NewTopic("replicated", 3, (short) -1)))
                    .all()
                    .get();
            // Right after a create, a broker may not know the topic yet (UnknownTopicOrPartition): that
            // is the metadata race every start-up path retries, so wait for it here too.
            TopicDescription topic = await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> admin.describeTopics(List.of("replicated"))
                                    .allTopicNames()
                                    .get()
                                    .get("replicated"),
                            t -> t.partitions().stream().allMatch(p -> p.leader() != null));
            assertThat(topic.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
            assertThat(admin.describeConfigs(List.of(res))
                            .all()
                            .get()
                            .get(res)
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");

            int leader = topic.partitions().get(0).leader().id();
            try (KafkaProducer<String, String> producer = producer(cluster)) {
                producer.send(new ProducerRecord<>("replicated", 0, "k", "before"))
                        .get();
                cluster.stopNode(leader);
                assertThat(cluster.isRunning(leader)).isFalse();
                // acks=all with min.insync.replicas=2: two of three replicas still accept the write.
                producer.send(new ProducerRecord<>("replicated", 0, "k", "during"))
                        .get();
                cluster.startNode(leader);
            }
            awaitIsr(admin, "replicated", 3, Duration.ofSeconds(60));
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaCluster cluster) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void awaitIsr(Admin admin, String topic, int size, Duration timeout) {
        // A node that just came back may answer a describe with a retriable error: keep asking.
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .alias("ISR of " + topic + " back to " + size)
                .until(
                        () -> admin.describeTopics(Set.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions(),
                        partitions -> partitions.stream().allMatch(p -> p.isr().size() == size));
    }
}
