package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.broker.ScramUser;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.NetworkMixer;
import io.kafkamixnet.network.RoleAcls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo network on a secured broker (SASL/SCRAM, {@code allow.everyone.if.no.acl.found=false}):
 * every mixer, the service, each client and the auditor log in as a user of their own holding only
 * the ACLs {@link RoleAcls} computes. The whole loop works; and what a role must not do fails with an
 * authorization error that names the topic or transactional id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredNetworkIT {

    private EmbeddedKafkaBroker broker;
    private DemoNetwork network;
    private DemoOutcome outcome;
    private Path work;

    @BeforeAll
    void startSecuredNetworkAndRunTraffic() throws Exception {
        work = Files.createTempDirectory("secured-network-it-");
        broker = EmbeddedKafkaBroker.start(
                EmbeddedBrokerSettings.builder().secure(true).build());
        ScramUser admin = broker.superUser().orElseThrow();
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(2, 3)
                .withMeanRequestInterval(Duration.ofMillis(300))
                .withCover(2);
        network = DemoNetwork.startSecured(
                ClientSettings.of(broker.bootstrapServers(), admin.saslProperties()),
                broker::createScramUser,
                settings,
                work,
                step -> {},
                Duration.ofSeconds(90));
        outcome = new DemoTraffic(network).run(p -> {});
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theWholeLoopWorksWithOneUserPerRoleAndOnlyTheirAcls() {
        assertThat(outcome.succeeded())
                .as("all %d replies matched, failures %s", outcome.requests(), outcome.failures())
                .isTrue();
        assertThat(network.users())
                .containsOnlyKeys("mix-1", "mix-2", "resp-1", "service-echo", "auditor", "client-1", "client-2");
        // Nothing but the super user and the ACLs of the roles: no wildcard, no extra grant.
        RoleAcls acls = RoleAcls.of(description());
        try (Admin admin = Admin.create(broker.clientProperties())) {
            assertThat(new io.kafkamixnet.network.AclProvisioner(admin, Duration.ofSeconds(30)).existing())
                    .containsExactlyInAnyOrderElementsOf(acls.bindings());
        }
    }

    @Test
    void coverTrafficReachesEveryMixerIncludingTheResponseMixer() throws Exception {
        // Clients send half their drop packets along reply paths, first hop the response mixer: without
        // WRITE on its ingress they would be lost silently (a producer error nobody waits for).
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> network.mixers()
                        .forEach((id, m) -> assertThat(m.metrics().droppedCount())
                                .as("cover (drop) packets that reached mixer %s", id)
                                .isPositive()));
    }

    @Test
    void aClientCannotReadAMixersChangelogNorWriteTheDirectory() throws Exception {
        Map<String, Object> client = login("client-1");
        for (String changelog : changelogs()) {
            assertThatThrownBy(() -> readOne(client, changelog))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access topics")
                    .hasMessageContaining(changelog);
        }
        assertThatThrownBy(() -> send(client, description().directoryTopic()))
                .hasCauseInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(description().directoryTopic());
        // What a client may do, it can: the shared reply inbox is readable by every client.
        readOne(client, description().clients().inboxTopics().get(0));
    }

    @Test
    void aMixerCannotTouchAnotherMixersInternalTopicsOrTransactions() throws Exception {
        Map<String, Object> mix1 = login("mix-1");
        NetworkMixer mix2 = description().mixers().get("mix-2");
        List<String> mix2Changelogs = changelogs().stream()
                .filter(t -> t.startsWith(mix2.internalPrefix()))
                .toList();
        assertThat(mix2Changelogs).isNotEmpty();
        for (String changelog : mix2Changelogs) {
            assertThatThrownBy(() -> readOne(mix1, changelog))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(changelog);
            assertThatThrownBy(() -> send(mix1, changelog))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(changelog);
        }
        Map<String, Object> transactional = new HashMap<>(mix1);
        String stolenId = mix2.internalPrefix() + "stolen-0";
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, stolenId);
        transactional.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(transactional, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(p::initTransactions)
                    .isInstanceOf(TransactionalIdAuthorizationException.class)
                    .hasMessageContaining("Transactional Id authorization failed");
        }
        // Nor read another mixer's ingress.
        assertThatThrownBy(() -> readOne(mix1, mix2.config().ingressTopic()))
                .isInstanceOf(TopicAuthorizationException.class)
                .hasMessageContaining(mix2.config().ingressTopic());
    }

    @Test
    void theServiceWritesOnlyTheIngressOfItsResponseMixers() throws Exception {
        Map<String, Object> service = login(DemoNetwork.SERVICE_USER);
        for (NetworkMixer m : description().forwardMixers().values()) {
            assertThatThrownBy(() -> send(service, m.config().ingressTopic()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(m.config().ingressTopic());
        }
        assertThatThrownBy(() -> send(service, description().directoryTopic()))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        // The response mixer's ingress is the one it may write (replies enter there).
        send(service, description().responseMixers().get("resp-1").config().ingressTopic());
    }

    @Test
    void theAuditorReadsButCannotWrite() throws Exception {
        Map<String, Object> auditor = login(DemoNetwork.AUDITOR_USER);
        readOne(auditor, description().directoryTopic());
        readOne(auditor, changelogs().get(0));
        // With WRITE on no topic at all, its (idempotent) producer is refused a producer id first:
        // "Cluster authorization failed", before any topic is checked.
        assertThatThrownBy(() -> send(
                        auditor,
                        description().forwardMixers().get("mix-1").config().ingressTopic()))
                .hasCauseInstanceOf(ClusterAuthorizationException.class)
                .hasMessageContaining("Cluster authorization failed");
    }

    @Test
    void aMixerStartedAsAnotherRolesUserFailsAtOnceNamingTheStepAndTopic() throws Exception {
        // mix-1's configuration, run as the auditor (who may read but not write): the start fails at
        // once (authorization is no transient error: startup.retry.timeout is not waited out) and says
        // which step and which topic.
        NetworkMixer mix1 = description().mixers().get("mix-1");
        Path keys = work.resolve("impostor-keys");
        io.kafkamixnet.keys.MixerKeys.provision(
                keys,
                mix1.config().epochSchedule().epochAt(System.currentTimeMillis()),
                2,
                new java.security.SecureRandom());
        io.kafkamixnet.topology.MixerConfig config = mix1.config().toBuilder()
                .keyDirectory(keys)
                .stateDirectory(work.resolve("impostor-state"))
                .startupRetryTimeout(Duration.ofSeconds(30))
                .build();
        ScramUser auditor = network.users().get(DemoNetwork.AUDITOR_USER);
        try (io.kafkamixnet.topology.MixerApplication impostor = io.kafkamixnet.topology.MixerApplication.create(
                config, ClientSettings.of(broker.bootstrapServers(), auditor.saslProperties()))) {
            // Its first write is the descriptor: a producer whose user may write no topic at all gets no
            // producer id, so Kafka says "Cluster authorization failed" (mixnet explains it: AuthorizationHint).
            assertThatThrownBy(impostor::start)
                    .hasMessageContaining("cannot publish the descriptor of mixer mix-1 to "
                            + description().directoryTopic())
                    .hasMessageContaining("Cluster authorization failed")
                    .hasRootCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    private NetworkDescription description() {
        return network.description().orElseThrow();
    }

    private Map<String, Object> login(String user) {
        Map<String, Object> c = new HashMap<>(network.users().get(user).clientProperties(broker.bootstrapServers()));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return c;
    }

    private List<String> changelogs() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return names.stream()
                    .filter(t -> t.startsWith(network.namePrefix()) && t.endsWith("-changelog"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Reads partition 0 of {@code topic} from the start (no group): one poll, then its position, which
     * asks the broker for the partition's offsets and so throws if the login may not read the topic.
     */
    private static void readOne(Map<String, Object> login, String topic) {
        Map<String, Object> c = new HashMap<>(login);
        c.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.poll(Duration.ofMillis(500));
            assertThat(consumer.position(partition, Duration.ofSeconds(60)))
                    .as("position in %s", partition)
                    .isNotNegative();
        }
    }

    private static void send(Map<String, Object> login, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(login, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, new byte[] {1})).get(20, TimeUnit.SECONDS);
        }
    }
}
