package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixers, a service and clients on a three-broker cluster with {@code --replication-factor 3}: every
 * topic on the cluster afterwards — packet topics, dead-letter topics, the directory, Kafka Streams
 * changelogs, consumer offsets and transaction state — has three replicas.
 *
 * <p>The cluster's {@code default.replication.factor} is set to 1 here, so a topic created anywhere
 * without the product's replication factor shows up as one replica and fails the test.
 */
class ReplicatedClusterIT {

    @Test
    void everyTopicTheNetworkCreatesHasTheRequestedReplication(@TempDir Path work) throws Exception {
        EmbeddedBrokerSettings base = EmbeddedBrokerSettings.builder()
                .override("default.replication.factor", "1")
                .build();
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(2, 3)
                .withMeanRequestInterval(Duration.ofMillis(300))
                .withCover(2)
                .withReplicationFactor((short) 3);
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, base);
                Admin admin = Admin.create(cluster.clientProperties())) {
            DemoOutcome outcome;
            String prefix;
            try (DemoNetwork network =
                    DemoNetwork.start(ClientSettings.of(cluster.bootstrapServers()), settings, work, step -> {})) {
                prefix = network.namePrefix();
                outcome = new DemoTraffic(network).run(p -> {});
            }
            assertThat(outcome.succeeded())
                    .as("all %d replies matched, failures %s", outcome.requests(), outcome.failures())
                    .isTrue();

            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<String, Integer> fewestReplicas = new TreeMap<>();
            described.forEach((name, d) -> fewestReplicas.put(
                    name,
                    d.partitions().stream()
                            .mapToInt(p -> p.replicas().size())
                            .min()
                            .orElse(0)));
            // What the network created: its own topics, its mixers' changelogs, and the broker's internal topics.
            assertThat(topics)
                    .contains(
                            prefix + ".directory",
                            prefix + ".replies",
                            prefix + ".exit.echo",
                            prefix + ".mix-1.in",
                            "__consumer_offsets",
                            "__transaction_state");
            assertThat(topics.stream().filter(t -> t.endsWith("-changelog")))
                    .as("Kafka Streams changelogs of the mixers")
                    .isNotEmpty();
            assertThat(topics.stream().filter(t -> t.contains("dead")))
                    .as("dead-letter topics")
                    .isNotEmpty();
            assertThat(fewestReplicas)
                    .as("fewest replicas of a partition, per topic")
                    .allSatisfy(
                            (topic, replicas) -> assertThat(replicas).as(topic).isEqualTo(3));

            // And a write to any of them counts only once two replicas have it.
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get();
            Map<String, String> minIsr = configs.entrySet().stream()
                    .collect(Collectors.toMap(
                            e -> e.getKey().name(),
                            e -> e.getValue().get("min.insync.replicas").value(),
                            (a, b) -> a,
                            TreeMap::new));
            assertThat(minIsr)
                    .as("min.insync.replicas per topic")
                    .allSatisfy((topic, value) -> assertThat(value).as(topic).isEqualTo("2"));
        }
    }
}
