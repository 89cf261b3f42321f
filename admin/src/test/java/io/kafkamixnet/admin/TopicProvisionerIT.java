package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class TopicProvisionerIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsTopicsWithTheirRoleSettingsAndIsIdempotent(KafkaCluster cluster) {
        String ingress = unique("mix-in");
        String directory = unique("directory");
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            List<TopicSpec> specs = List.of(TopicSpec.mixerIngress(ingress, 3), TopicSpec.directory(directory));

            assertThat(provisioner.ensure(specs))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            ingress, TopicProvisioner.Action.CREATED, directory, TopicProvisioner.Action.CREATED));
            assertThat(provisioner.ensure(specs))
                    .containsOnly(
                            Map.entry(ingress, TopicProvisioner.Action.UNCHANGED),
                            Map.entry(directory, TopicProvisioner.Action.UNCHANGED));

            Map<String, TopicProvisioner.TopicState> states = provisioner.describe(List.of(ingress, directory));
            assertThat(states.get(ingress).partitions()).isEqualTo(3);
            assertThat(states.get(ingress).explicitConfigs())
                    .containsEntry("message.timestamp.type", "LogAppendTime")
                    .containsEntry("cleanup.policy", "delete");
            assertThat(states.get(directory).explicitConfigs()).containsEntry("cleanup.policy", "compact");
        }
    }

    @Test
    void bringsAnExistingTopicInLineWithItsSpec(KafkaCluster cluster) {
        String name = unique("exit");
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            provisioner.ensure(
                    List.of(TopicSpec.of(name, 1, (short) -1, Map.of("message.timestamp.type", "CreateTime"))));

            assertThat(provisioner.ensure(List.of(TopicSpec.exit(name, 2))))
                    .containsEntry(name, TopicProvisioner.Action.UPDATED);

            // A describe right after the update may reach a broker whose metadata has not caught up yet
            // (seen on a busy machine): wait for it, as every start-up path does.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        TopicProvisioner.TopicState state =
                                provisioner.describe(List.of(name)).get(name);
                        assertThat(state.partitions()).isEqualTo(2);
                        assertThat(state.effectiveConfigs()).containsEntry("message.timestamp.type", "LogAppendTime");
                    });
        }
    }

    @Test
    void manyProcessesEnsuringTheSameTopicsAtOnceAllSucceed(KafkaCluster cluster) throws Exception {
        String shared = unique("shared-directory");
        List<TopicSpec> specs = List.of(TopicSpec.directory(shared));
        int parallel = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            List<java.util.concurrent.Future<Map<String, TopicProvisioner.Action>>> results =
                    new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < parallel; i++) {
                results.add(pool.submit(() -> {
                    try (Admin admin = Admin.create(cluster.clientProperties())) {
                        go.await();
                        return new TopicProvisioner(admin).ensure(specs);
                    }
                }));
            }
            go.countDown();
            long created = 0;
            for (var r : results) {
                if (r.get().get(shared) == TopicProvisioner.Action.CREATED) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsWhatFailedAndWhy(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            TopicSpec bad = TopicSpec.of(unique("bad"), 1, (short) 5, Map.of());
            assertThatThrownBy(() -> provisioner.ensure(List.of(bad)))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining(bad.name());
        }
    }
}
