package io.kafkamixnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exact ACLs of each role of the committed demo network ({@code deploy/network/}). */
class RoleAclsTest {

    private static NetworkDescription network;
    private static RoleAcls acls;

    @BeforeAll
    static void load() throws IOException {
        network = NetworkDescription.load(DemoNetworkFiles.networkFile());
        acls = RoleAcls.of(network);
    }

    @Test
    void aForwardMixerGetsItsIngressGroupInternalsTransactionsOutputsDeadLetterAndDirectory() {
        assertThat(acls.bindingsOf("User:mix-1"))
                .containsExactlyInAnyOrder(
                        topic("mix-1", "mixnet-demo.mix-1.in", AclOperation.READ),
                        literal("mix-1", ResourceType.GROUP, "mixnet-demo-mix-1", AclOperation.READ),
                        prefixed("mix-1", ResourceType.TOPIC, "mixnet-demo-mix-1-", AclOperation.READ),
                        prefixed("mix-1", ResourceType.TOPIC, "mixnet-demo-mix-1-", AclOperation.WRITE),
                        prefixed("mix-1", ResourceType.TOPIC, "mixnet-demo-mix-1-", AclOperation.CREATE),
                        prefixed("mix-1", ResourceType.TRANSACTIONAL_ID, "mixnet-demo-mix-1-", AclOperation.WRITE),
                        prefixed("mix-1", ResourceType.TRANSACTIONAL_ID, "mixnet-demo-mix-1-", AclOperation.DESCRIBE),
                        topic("mix-1", "mixnet-demo.mix-2.in", AclOperation.WRITE),
                        topic("mix-1", "mixnet-demo.exit.echo", AclOperation.WRITE),
                        topic("mix-1", "mixnet-demo.mix-1.in.dead-letter", AclOperation.WRITE),
                        topic("mix-1", "mixnet-demo.directory", AclOperation.WRITE),
                        topic("mix-1", "mixnet-demo.directory", AclOperation.READ));
    }

    @Test
    void aResponseMixerWritesTheReplyInboxAndNoExit() {
        assertThat(acls.bindingsOf("User:resp-1"))
                .containsExactlyInAnyOrder(
                        topic("resp-1", "mixnet-demo.resp-1.in", AclOperation.READ),
                        literal("resp-1", ResourceType.GROUP, "mixnet-demo-resp-1", AclOperation.READ),
                        prefixed("resp-1", ResourceType.TOPIC, "mixnet-demo-resp-1-", AclOperation.READ),
                        prefixed("resp-1", ResourceType.TOPIC, "mixnet-demo-resp-1-", AclOperation.WRITE),
                        prefixed("resp-1", ResourceType.TOPIC, "mixnet-demo-resp-1-", AclOperation.CREATE),
                        prefixed("resp-1", ResourceType.TRANSACTIONAL_ID, "mixnet-demo-resp-1-", AclOperation.WRITE),
                        prefixed("resp-1", ResourceType.TRANSACTIONAL_ID, "mixnet-demo-resp-1-", AclOperation.DESCRIBE),
                        topic("resp-1", "mixnet-demo.replies", AclOperation.WRITE),
                        topic("resp-1", "mixnet-demo.resp-1.in.dead-letter", AclOperation.WRITE),
                        topic("resp-1", "mixnet-demo.directory", AclOperation.WRITE),
                        topic("resp-1", "mixnet-demo.directory", AclOperation.READ));
    }

    @Test
    void theServiceReadsItsExitInItsGroupAndWritesOnlyItsResponseMixersIngress() {
        assertThat(acls.bindingsOf("User:service-echo"))
                .containsExactlyInAnyOrder(
                        topic("service-echo", "mixnet-demo.exit.echo", AclOperation.READ),
                        literal("service-echo", ResourceType.GROUP, "mixnet-demo-echo", AclOperation.READ),
                        topic("service-echo", "mixnet-demo.directory", AclOperation.READ),
                        topic("service-echo", "mixnet-demo.resp-1.in", AclOperation.WRITE));
    }

    @Test
    void clientsWriteEveryMixersIngressAndReadTheDirectoryAndTheSharedInboxAndMayUseInboxGroups() {
        assertThat(acls.bindingsOf("User:client"))
                .containsExactlyInAnyOrder(
                        topic("client", "mixnet-demo.mix-1.in", AclOperation.WRITE),
                        topic("client", "mixnet-demo.mix-2.in", AclOperation.WRITE),
                        // Reply-path cover traffic starts at the response mixer.
                        topic("client", "mixnet-demo.resp-1.in", AclOperation.WRITE),
                        topic("client", "mixnet-demo.directory", AclOperation.READ),
                        topic("client", "mixnet-demo.replies", AclOperation.READ),
                        prefixed("client", ResourceType.GROUP, "mixnet-inbox-", AclOperation.READ),
                        prefixed("client", ResourceType.GROUP, "mixnet-inbox-", AclOperation.DELETE));
    }

    @Test
    void theAuditorReadsEverythingAndWritesNothing() {
        List<AclBinding> expected = new ArrayList<>();
        for (String t : network.topics()) {
            expected.add(topic("auditor", t, AclOperation.READ));
            expected.add(topic("auditor", t, AclOperation.DESCRIBE_CONFIGS));
        }
        for (String m : List.of("mix-1", "mix-2", "resp-1")) {
            expected.add(prefixed("auditor", ResourceType.TOPIC, "mixnet-demo-" + m + "-", AclOperation.READ));
        }
        expected.add(literal("auditor", ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE));
        expected.add(literal("auditor", ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE_CONFIGS));

        assertThat(acls.bindingsOf("User:auditor")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(network.topics()).hasSize(9);
    }

    @Test
    void theAdministratorGetsNoAclsAndEveryGrantSaysWhy() {
        assertThat(acls.bindingsOf("User:admin")).isEmpty();
        assertThat(acls.bindingsByPrincipal())
                .containsOnlyKeys(
                        "User:mix-1", "User:mix-2", "User:resp-1", "User:service-echo", "User:client", "User:auditor");
        assertThat(acls.grants()).allSatisfy(g -> {
            assertThat(g.purpose()).isNotBlank();
            assertThat(g.binding().entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(g.binding().entry().host()).isEqualTo("*");
        });
        assertThat(acls.bindings()).doesNotHaveDuplicates();
    }

    @Test
    void eachClientPrincipalGetsItsOwnQuota() {
        // ClientQuotaAlteration has no equals: compare its parts (entity and ops do).
        assertThat(acls.clientQuotas()).hasSize(1);
        ClientQuotaAlteration q = acls.clientQuotas().get(0);
        assertThat(q.entity()).isEqualTo(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "client")));
        assertThat(q.ops())
                .containsExactly(
                        new ClientQuotaAlteration.Op("producer_byte_rate", 262144.0),
                        new ClientQuotaAlteration.Op("request_percentage", 25.0));
    }

    @Test
    void provisioningMixersGetCreateAndAlterOnlyOnWhatTheyProvision() {
        NetworkMixer own = withProvisioning("mix-1", MixerConfig.TopicProvisioning.OWN);
        RoleAcls a = RoleAcls.of(rebuilt(own));

        List<AclBinding> extra = new ArrayList<>(a.bindingsOf("User:mix-1"));
        extra.removeAll(acls.bindingsOf("User:mix-1"));
        List<AclBinding> expected = new ArrayList<>();
        for (String t : List.of("mixnet-demo.mix-1.in", "mixnet-demo.mix-1.in.dead-letter")) {
            for (AclOperation op : List.of(
                    AclOperation.CREATE,
                    AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS,
                    AclOperation.ALTER)) {
                expected.add(topic("mix-1", t, op));
            }
        }
        assertThat(extra).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void atLeastOnceMixersGetNoTransactionalIds() {
        NetworkMixer m = network.mixers().get("mix-2");
        NetworkMixer alo = new NetworkMixer(
                m.config().toBuilder().processingGuarantee("at_least_once").build(), m.principal(), Optional.empty());
        RoleAcls a = RoleAcls.of(rebuilt(alo));

        assertThat(a.bindingsOf("User:mix-2"))
                .noneMatch(b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                .hasSize(acls.bindingsOf("User:mix-2").size() - 2);
    }

    @Test
    void aNetworkWithoutQuotasSetsNone() {
        NetworkDescription.Builder b = builderFrom(network);
        b.clientQuota(ClientQuota.NONE);

        assertThat(RoleAcls.of(b.build()).clientQuotas()).isEmpty();
    }

    private static NetworkMixer withProvisioning(String id, MixerConfig.TopicProvisioning p) {
        NetworkMixer m = network.mixers().get(id);
        return new NetworkMixer(m.config().toBuilder().topicProvisioning(p).build(), m.principal(), Optional.empty());
    }

    private static NetworkDescription rebuilt(NetworkMixer replacement) {
        NetworkDescription.Builder b = NetworkDescription.builder()
                .directoryTopic(network.directoryTopic())
                .epochSchedule(network.epochSchedule());
        network.mixers().values().forEach(m -> b.mixer(m.id().equals(replacement.id()) ? replacement : m));
        network.services().values().forEach(b::service);
        b.clientPrincipals(network.clients().principals())
                .clientQuota(network.clients().quota());
        network.auditor().ifPresent(b::auditor);
        return b.build();
    }

    private static NetworkDescription.Builder builderFrom(NetworkDescription n) {
        NetworkDescription.Builder b = NetworkDescription.builder().directoryTopic(n.directoryTopic());
        n.mixers().values().forEach(b::mixer);
        n.services().values().forEach(b::service);
        b.clientPrincipals(n.clients().principals());
        return b;
    }

    private static AclBinding topic(String user, String topic, AclOperation op) {
        return literal(user, ResourceType.TOPIC, topic, op);
    }

    private static AclBinding literal(String user, ResourceType type, String name, AclOperation op) {
        return binding(user, new ResourcePattern(type, name, PatternType.LITERAL), op);
    }

    private static AclBinding prefixed(String user, ResourceType type, String prefix, AclOperation op) {
        return binding(user, new ResourcePattern(type, prefix, PatternType.PREFIXED), op);
    }

    private static AclBinding binding(String user, ResourcePattern pattern, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
