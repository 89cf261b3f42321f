package io.kafkamixnet.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.deploy.ClusterSetup;
import io.kafkamixnet.deploy.CommittedExamples;
import io.kafkamixnet.deploy.Credentials;
import io.kafkamixnet.deploy.DeploymentPlan;
import io.kafkamixnet.deploy.MixerUnit;
import io.kafkamixnet.deploy.Principal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose deployment's broker and its two one-shot steps, for real: the exact
 * {@code server.properties} of {@code broker/start-broker.sh} (only its ports and log directory moved
 * to this machine's loopback) is formatted with the admin's SCRAM credential and started as a KRaft
 * server; {@code mixnet deploy credentials} makes the passwords and keys, {@code mixnet deploy setup}
 * the topics, users, ACLs and quotas; then each user can do what its role needs and no more.
 */
class ComposeBrokerIT {

    @TempDir
    static Path temp;

    static DeploymentPlan plan;
    static Path secrets;
    static KafkaRaftServer server;
    static String internal;
    static String external;

    @BeforeAll
    static void startTheComposeBroker() throws Exception {
        plan = CommittedExamples.plan();
        secrets = temp.resolve("secrets");
        new Credentials(plan, new SecureRandom()).write(secrets, true, Optional.empty());
        String password = Credentials.readPassword(secrets, plan.adminPrincipal());

        String script = CommittedExamples.compose().files().get("broker/start-broker.sh");
        String block =
                script.substring(script.indexOf("<<'EOF'\n") + 8, script.indexOf("EOF\ncat > /tmp/admin.properties"));
        Properties props = new Properties();
        props.load(new StringReader(block.replace(BrokerConfig.PASSWORD_PLACEHOLDER, password)));
        assertThat(props).containsEntry("super.users", "User:" + plan.adminPrincipal());
        int internalPort = freePort();
        int externalPort = freePort();
        int controllerPort = freePort();
        props.put(
                "listeners",
                "INTERNAL://127.0.0.1:" + internalPort + ",EXTERNAL://127.0.0.1:" + externalPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put(
                "advertised.listeners",
                "INTERNAL://127.0.0.1:" + internalPort + ",EXTERNAL://127.0.0.1:" + externalPort);
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("log.dirs", temp.resolve("kafka-data").toString());
        Path config = temp.resolve("server.properties");
        try (var w = Files.newBufferedWriter(config)) {
            props.store(w, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {
                    "format",
                    "--ignore-formatted",
                    "--cluster-id",
                    BrokerConfig.clusterId(plan.name()),
                    "--config",
                    config.toString(),
                    "--add-scram",
                    "SCRAM-SHA-512=[name=" + plan.adminPrincipal() + ",password=" + password + "]"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as("kafka-storage format: %s", out).isZero();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        internal = "127.0.0.1:" + internalPort;
        external = "127.0.0.1:" + externalPort;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Client properties of {@code user} with its password from the secrets, as the image's entry point writes them. */
    private static Map<String, Object> as(String user, String bootstrap) throws IOException {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("security.protocol", "SASL_PLAINTEXT");
        c.put("sasl.mechanism", "SCRAM-SHA-512");
        c.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + Credentials.readPassword(secrets, user) + "\";");
        c.put("default.api.timeout.ms", 20_000);
        c.put("request.timeout.ms", 10_000);
        return c;
    }

    @Test
    void setupGivesTheClusterExactlyThePlansTopicsUsersAclsAndQuotasAndRunsAgainUnchanged() throws Exception {
        try (Admin admin = Admin.create(as(plan.adminPrincipal(), internal))) {
            ClusterSetup setup = new ClusterSetup(plan, StartupRetry.of(Duration.ofMinutes(2)));
            ClusterSetup.Applied first = setup.apply(admin, secrets);
            assertThat(first.topics()).hasSize(plan.topics().size());

            Map<String, TopicProvisioner.TopicState> topics = new TopicProvisioner(
                            admin, StartupRetry.of(Duration.ofMinutes(1)))
                    .describe(plan.topics().stream().map(TopicSpec::name).toList());
            for (TopicSpec spec : plan.topics()) {
                TopicProvisioner.TopicState state = topics.get(spec.name());
                assertThat(state.partitions()).as(spec.name()).isEqualTo(spec.partitions());
                assertThat(state.effectiveConfigs()).as(spec.name()).containsAllEntriesOf(spec.configs());
            }
            Set<AclBinding> expected = new HashSet<>();
            plan.principals().forEach(p -> expected.addAll(p.acls()));
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(admin.describeUserScramCredentials()
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .keySet())
                    .containsAll(plan.principals().stream().map(Principal::name).toList());
            Map<ClientQuotaEntity, Map<String, Double>> quotas = admin.describeClientQuotas(ClientQuotaFilter.all())
                    .entities()
                    .get(30, TimeUnit.SECONDS);
            Map<String, Map<String, Double>> byUser = new HashMap<>();
            quotas.forEach((entity, q) -> byUser.put(entity.entries().get(ClientQuotaEntity.USER), q));
            Map<String, Map<String, Double>> planned = new HashMap<>();
            plan.principals().stream()
                    .filter(p -> !p.quotas().isEmpty())
                    .forEach(p -> planned.put(p.name(), p.quotas()));
            assertThat(byUser).isEqualTo(planned).isNotEmpty();

            ClusterSetup.Applied again = setup.apply(admin, secrets);
            assertThat(again.topics().values()).containsOnly(TopicProvisioner.Action.UNCHANGED);
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void eachUserMayDoWhatItsRoleNeedsAndNoMoreOnBothListeners() throws Exception {
        try (Admin admin = Admin.create(as(plan.adminPrincipal(), internal))) {
            new ClusterSetup(plan, StartupRetry.of(Duration.ofMinutes(2))).apply(admin, secrets);
        }
        MixerUnit mix1 = plan.mixers().get(0);
        String client = plan.clientPrincipal();
        for (String bootstrap : List.of(internal, external)) {
            try (KafkaProducer<byte[], byte[]> producer = producer(client, bootstrap)) {
                // A client may send to a mixer's ingress...
                producer.send(new ProducerRecord<>(mix1.config().ingressTopic(), 0, null, new byte[] {1}))
                        .get(30, TimeUnit.SECONDS);
                // ...and may not write the directory.
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(plan.directoryTopic(), new byte[] {1}))
                                .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        // A mixer may not read another mixer's ingress.
        MixerUnit mix2 = plan.mixers().get(1);
        Map<String, Object> c = as(mix1.principal(), internal);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, mix1.config().applicationId());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(
                    new org.apache.kafka.common.TopicPartition(mix2.config().ingressTopic(), 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String user, String bootstrap) throws IOException {
        Map<String, Object> c = as(user, bootstrap);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
