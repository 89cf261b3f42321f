package io.kafkamixnet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredEmbeddedKafkaBrokerIT {

    @Test
    void superUserProvisionsUsersLogInAndAreDeniedWhatNoAclAllows(@TempDir Path dir) throws Exception {
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.builder()
                .secure(true)
                .dataDir(dir.resolve("kafka"))
                .build();
        ScramUser alice;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            assertThat(broker.secure()).isTrue();
            assertThat(broker.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
            assertThat(Files.getPosixFilePermissions(dir.resolve("kafka").resolve(SuperUserPassword.FILE_NAME)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic("greetings", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }

            alice = broker.createScramUser("alice");
            assertThat(alice.toString()).doesNotContain(alice.password());

            // Logged in, but no ACL: denied, with the topic named.
            assertThatThrownBy(() -> send(alice.clientProperties(broker.bootstrapServers()), "greetings"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("greetings");

            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createAcls(List.of(new AclBinding(
                                new ResourcePattern(ResourceType.TOPIC, "greetings", PatternType.LITERAL),
                                new AccessControlEntry(
                                        alice.principal(), "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() -> send(alice.clientProperties(broker.bootstrapServers()), "greetings"));

            // A wrong password never logs in.
            Map<String, String> wrong =
                    new ScramUser("alice", "not-the-password").clientProperties(broker.bootstrapServers());
            assertThatThrownBy(() -> send(wrong, "greetings"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }

        // Restarted from its data directory: the same super user password, and alice is still there.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            send(alice.clientProperties(broker.bootstrapServers()), "greetings");
        }
    }

    private static void send(Map<String, String> clientProperties, String topic) throws Exception {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecuredClusterOfSeveralNodesNeedsASharedPassword() {
        ControllerQuorum quorum = ControllerQuorum.parse("1@127.0.0.1:40001,2@127.0.0.1:40002");
        assertThatThrownBy(() -> EmbeddedBrokerSettings.builder()
                        .secure(true)
                        .controllerQuorum(quorum)
                        .clusterId("MkU3OEVBNTcwNTJENDM2Qg")
                        .build())
                .hasMessageContaining("needs the super user password every node logs in with");
    }
}
