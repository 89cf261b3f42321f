package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.testkit.LateKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provisioning while the cluster is not settled: concurrent creators, describe right after create, a late broker. */
@ExtendWith(KafkaClusterExtension.class)
class TopicProvisionerStartupIT {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void twoProcessesProvisioningTheSameTopicsAtOnceBothSucceed(KafkaCluster cluster) throws Exception {
        for (int round = 0; round < 5; round++) {
            List<TopicSpec> specs = List.of(
                    TopicSpec.mixerIngress(unique("race-in"), 3),
                    TopicSpec.exit(unique("race-exit"), 2),
                    TopicSpec.directory(unique("race-dir")));
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Map<String, TopicProvisioner.Action>>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(CompletableFuture.supplyAsync(() -> {
                    try (Admin admin = Admin.create(cluster.clientProperties())) {
                        together.await();
                        return new TopicProvisioner(admin).ensure(specs);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<Map<String, TopicProvisioner.Action>> f : both) {
                assertThat(f.get()).hasSize(3);
            }
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                Map<String, TopicProvisioner.TopicState> states = new TopicProvisioner(admin)
                        .describe(specs.stream().map(TopicSpec::name).toList());
                assertThat(states.get(specs.get(0).name()).partitions()).isEqualTo(3);
                assertThat(states.get(specs.get(1).name()).partitions()).isEqualTo(2);
            }
        }
    }

    @Test
    void describeRightAfterAnotherClientCreatedATopicWaitsForItsMetadata(KafkaCluster cluster) {
        try (Admin creator = Admin.create(cluster.clientProperties());
                Admin describer = Admin.create(cluster.clientProperties())) {
            for (int i = 0; i < 10; i++) {
                String name = unique("fresh");
                new TopicProvisioner(creator).ensure(List.of(TopicSpec.mixerIngress(name, 2)));

                assertThat(new TopicProvisioner(describer)
                                .describe(List.of(name))
                                .get(name)
                                .partitions())
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void describeWaitsForATopicAnotherThreadCreatesAFewSecondsLater(KafkaCluster cluster) throws Exception {
        String name = unique("later");
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
                try (Admin other = Admin.create(cluster.clientProperties())) {
                    Thread.sleep(2_000);
                    new TopicProvisioner(other).ensure(List.of(TopicSpec.exit(name, 4)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            Map<String, TopicProvisioner.TopicState> states =
                    new TopicProvisioner(admin, StartupRetry.of(Duration.ofSeconds(60))).describe(List.of(name));

            assertThat(states.get(name).partitions()).isEqualTo(4);
            creator.get();
        }
    }

    @Test
    void provisioningStartedBeforeTheBrokerSucceedsOnceItRuns() throws Exception {
        try (LateKafkaBroker late = LateKafkaBroker.reserve();
                Admin admin = Admin.create(late.clientProperties())) {
            late.startAfter(Duration.ofSeconds(2));
            String name = unique("early");

            Map<String, TopicProvisioner.Action> done = new TopicProvisioner(
                            admin, StartupRetry.of(Duration.ofMinutes(3)))
                    .ensure(List.of(TopicSpec.mixerIngress(name, 2)));

            assertThat(done).containsEntry(name, TopicProvisioner.Action.CREATED);
        }
    }

    @Test
    void provisioningAgainstABrokerThatDoesNotComeUpFailsWithAClearMessageAtItsBound() {
        try (LateKafkaBroker never = LateKafkaBroker.reserve();
                Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        never.bootstrapServers(),
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                        200))) {
            String name = unique("never");
            long started = System.nanoTime();

            assertThatThrownBy(() -> new TopicProvisioner(
                                    admin,
                                    StartupRetry.of(Duration.ofSeconds(3)).describedAs("--startup-timeout"))
                            .ensure(List.of(TopicSpec.exit(name, 1))))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining("Gave up trying to provision topics [" + name + "]")
                    .hasMessageContaining("expected every topic to exist with its partitions and configs")
                    .hasMessageContaining("last one: ")
                    .hasMessageContaining("raise --startup-timeout (now 3.0 s)")
                    .cause()
                    .isInstanceOf(StartupException.class);
            // Bounded: the timeout plus at most one attempt's floor, with room for a busy machine.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }
}
