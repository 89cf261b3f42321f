package io.kafkamixnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a small Kafka test class through the JUnit engine under each cluster mode and checks the
 * outcome: the Testcontainers path must be skipped (not failed) where no Docker engine runs and
 * pass where one does; the external path must reach a cluster given by bootstrap address.
 */
@ExtendWith(KafkaClusterExtension.class)
class ClusterModesIT {

    /** The fixture: needs a working cluster. Nested, so the build does not run it on its own. */
    @ExtendWith(KafkaClusterExtension.class)
    static class NeedsACluster {
        @Test
        void clusterAnswersMetadata(KafkaCluster cluster) throws Exception {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
            }
        }
    }

    /** The fixture of the embedded-cluster mode: three brokers, replicated internal topics. */
    @ExtendWith(KafkaClusterExtension.class)
    static class NeedsThreeBrokers {
        @Test
        void clusterHasThreeBrokersAndReplicatesByDefault(KafkaCluster cluster) throws Exception {
            assertThat(cluster.mode()).isEqualTo(ClusterMode.EMBEDDED_CLUSTER);
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(3);
                admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(
                                "modes-replicated", java.util.Optional.of(1), java.util.Optional.empty())))
                        .all()
                        .get();
                // Right after a create, a broker may not know the topic yet: wait out that race.
                org.awaitility.Awaitility.await()
                        .atMost(java.time.Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .untilAsserted(() -> assertThat(admin.describeTopics(java.util.List.of("modes-replicated"))
                                        .allTopicNames()
                                        .get()
                                        .get("modes-replicated")
                                        .partitions()
                                        .get(0)
                                        .replicas())
                                .hasSize(3));
            }
        }
    }

    @Test
    void embeddedClusterModeStartsThreeBrokersInThisJvm() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KafkaClusterExtension.MODE_PROPERTY, "embedded-cluster")
                .selectors(selectClass(NeedsThreeBrokers.class))
                .execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void testcontainersModeSkipsWithoutDockerAndRunsWithIt() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KafkaClusterExtension.MODE_PROPERTY, "testcontainers")
                .selectors(selectClass(NeedsACluster.class))
                .execute();
        if (dockerAvailable()) {
            results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        } else {
            // The class is aborted in beforeAll: reported as skipped, never as failed.
            results.containerEvents().assertStatistics(s -> s.aborted(1).failed(0));
            results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        }
    }

    @Test
    void externalModeUsesTheGivenBootstrapServers(KafkaCluster cluster) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameters(Map.of(KafkaClusterExtension.BOOTSTRAP_PROPERTY, cluster.bootstrapServers()))
                .selectors(selectClass(NeedsACluster.class))
                .execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void defaultModeIsTheEmbeddedBroker(KafkaCluster cluster) {
        if (System.getProperty(KafkaClusterExtension.BOOTSTRAP_PROPERTY, "").isBlank()
                && System.getProperty(KafkaClusterExtension.MODE_PROPERTY, "embedded")
                        .equals("embedded")) {
            assertThat(cluster.mode()).isEqualTo(ClusterMode.EMBEDDED);
            assertThat(cluster.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
