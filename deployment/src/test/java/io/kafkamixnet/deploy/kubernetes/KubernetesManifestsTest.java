package io.kafkamixnet.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.deploy.CommittedExamples;
import io.kafkamixnet.deploy.DeploymentFiles;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.RoleAcls;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes deployment of the demo network, read back from the YAML the command writes: every
 * object is its typed class with no unknown field, and its topics, users, ACLs and quotas are exactly
 * the code's.
 */
class KubernetesManifestsTest {

    static NetworkDescription network;
    static List<HasMetadata> objects;

    @BeforeAll
    static void generateAndReadBack() throws IOException {
        network = NetworkDescription.load(CommittedExamples.demoNetwork());
        DeploymentFiles files = CommittedExamples.kubernetes();
        objects = new ArrayList<>();
        for (Map.Entry<String, String> f : files.files().entrySet()) {
            if (f.getKey().endsWith(".yaml") && !f.getKey().equals("kustomization.yaml")) {
                for (JsonNode doc : TypedObjects.documents(f.getValue())) {
                    objects.add(TypedObjects.parse(doc));
                }
            }
        }
    }

    private static <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyObjectParsesIntoItsTypedClassWithNoUnknownField() {
        assertThat(objects).isNotEmpty();
        Set<String> kinds = objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "KafkaUser",
                        "ConfigMap",
                        "PersistentVolumeClaim",
                        "Deployment",
                        "NetworkPolicy",
                        "Job",
                        "PodMonitor");
        // No Secret is ever written: keys come from create-secrets.sh, passwords from the User Operator.
        assertThat(kinds).doesNotContain("Secret");
    }

    @Test
    void theStrictReaderRejectsAFieldItsClassDoesNotHave() throws IOException {
        JsonNode kafka = TypedObjects.documents(
                        CommittedExamples.kubernetes().files().get("kafka.yaml"))
                .get(0);
        ObjectNode spoiled = kafka.deepCopy();
        ((ObjectNode) spoiled.path("spec").path("kafka")).put("listner", "typo");
        assertThatThrownBy(() -> TypedObjects.parse(spoiled))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("listner");
        ObjectNode spoiledDeployment = (ObjectNode)
                TypedObjects.documents(CommittedExamples.kubernetes().files().get("mixer-mix-1.yaml"))
                        .get(1)
                        .deepCopy();
        ((ObjectNode) spoiledDeployment.path("spec")).put("replica", 2);
        assertThatThrownBy(() -> TypedObjects.parse(spoiledDeployment)).hasMessageContaining("replica");
    }

    @Test
    void theKafkaClusterIsKraftWithNodePoolsScramAndSimpleAuthorization() {
        Kafka kafka = all(Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getListeners())
                .singleElement()
                .satisfies(l -> assertThat(l.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class));
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isNotNull();
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("allow.everyone.if.no.acl.found", false);
        assertThat(kafka.getSpec().getKafka().getReplicas()).isNull(); // node pools hold the nodes
        Map<ProcessRoles, Integer> pools = new HashMap<>();
        for (KafkaNodePool pool : all(KafkaNodePool.class)) {
            assertThat(pool.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            pool.getSpec().getRoles().forEach(r -> pools.put(r, pool.getSpec().getReplicas()));
        }
        assertThat(pools).containsEntry(ProcessRoles.CONTROLLER, 3).containsEntry(ProcessRoles.BROKER, 3);
    }

    @Test
    void topicsHaveExactlyTheSettingsOfTopicSpec() {
        Map<String, TopicSpec> written = new LinkedHashMap<>();
        for (KafkaTopic t : all(KafkaTopic.class)) {
            Map<String, String> config = new HashMap<>();
            t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
            short replicas = t.getSpec().getReplicas() == null
                    ? -1
                    : t.getSpec().getReplicas().shortValue();
            written.put(
                    t.getSpec().getTopicName(),
                    TopicSpec.of(t.getSpec().getTopicName(), t.getSpec().getPartitions(), replicas, config));
            assertThat(t.getMetadata().getName())
                    .isEqualTo(KubernetesManifests.topicResourceName(t.getSpec().getTopicName()));
        }
        assertThat(written.values())
                .containsExactlyInAnyOrderElementsOf(io.kafkamixnet.network.NetworkTopics.specs(network));
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(network.topics());
        // And what NetworkTopics computes is TopicSpec's own decision per role.
        var mix1 = network.mixers().get("mix-1").config();
        int packet = mix1.geometry().packetSize();
        assertThat(written.get(network.directoryTopic())).isEqualTo(TopicSpec.directory(network.directoryTopic()));
        assertThat(written.get(mix1.ingressTopic()))
                .isEqualTo(TopicSpec.mixerIngress(mix1.ingressTopic(), mix1.ingressPartitions(), packet));
        assertThat(written.get(mix1.deadLetterTopic())).isEqualTo(TopicSpec.deadLetter(mix1.deadLetterTopic()));
        String exit = network.services().get("echo").exitTopic();
        assertThat(written.get(exit)).isEqualTo(TopicSpec.exit(exit, mix1.outputPartitions(), packet));
        String inbox = network.clients().inboxTopics().get(0);
        assertThat(written.get(inbox).configs())
                .isEqualTo(TopicSpec.replyInbox(inbox, 1, packet).configs());
    }

    @Test
    void eachUserIsScramWithExactlyTheAclsAndQuotasOfRoleAcls() {
        RoleAcls acls = RoleAcls.of(network);
        Set<AclBinding> everyWritten = new HashSet<>();
        Map<String, Map<String, Double>> quotas = new HashMap<>();
        for (KafkaUser user : all(KafkaUser.class)) {
            String name = user.getMetadata().getName();
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            Set<AclBinding> bindings = StrimziAcls.bindings(
                    name, ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls());
            assertThat(bindings)
                    .as("ACLs of %s", name)
                    .containsExactlyInAnyOrderElementsOf(acls.bindingsOf("User:" + name));
            everyWritten.addAll(bindings);
            Map<String, Double> q = StrimziAcls.quotas(user.getSpec().getQuotas());
            if (!q.isEmpty()) {
                quotas.put(name, q);
            }
        }
        assertThat(everyWritten).containsExactlyInAnyOrderElementsOf(acls.bindings());
        List<String> users = new ArrayList<>(network.users());
        users.remove(network.adminPrincipal());
        assertThat(all(KafkaUser.class).stream().map(u -> u.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(users);
        Map<String, Map<String, Double>> expected = new HashMap<>();
        for (ClientQuotaAlteration a : acls.clientQuotas()) {
            Map<String, Double> q = new HashMap<>();
            a.ops().forEach(op -> q.put(op.key(), op.value()));
            expected.put(a.entity().entries().get(ClientQuotaEntity.USER), q);
        }
        assertThat(quotas).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void eachMixerRunsAsItsOwnUserWithProbesOnTheMetricsEndpointAndNoRoot() {
        List<Deployment> mixers = all(Deployment.class).stream()
                .filter(d -> "mixer".equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .toList();
        assertThat(mixers.stream().map(d -> d.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(network.mixers().keySet());
        for (Deployment d : mixers) {
            var pod = d.getSpec().getTemplate().getSpec();
            Container mixer = pod.getContainers().get(0);
            for (var probe : List.of(mixer.getLivenessProbe(), mixer.getReadinessProbe(), mixer.getStartupProbe())) {
                assertThat(probe.getHttpGet().getPath()).isEqualTo("/metrics");
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
            }
            assertThat(mixer.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("metrics");
                assertThat(p.getContainerPort()).isEqualTo(9404);
            });
            assertThat(mixer.getArgs()).contains("metrics.port=9404", "metrics.bind-address=0.0.0.0");
            assertThat(mixer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            String user = network.mixers().get(d.getMetadata().getName()).principal();
            assertThat(mixer.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("MIXNET_SASL_USERNAME");
                assertThat(e.getValue()).isEqualTo(user);
            });
            // Its password is its own KafkaUser's Secret; its keys its own Secret, on a volume of its own.
            List<String> secrets = pod.getVolumes().stream()
                    .filter(v -> v.getSecret() != null)
                    .map(v -> v.getSecret().getSecretName())
                    .toList();
            assertThat(secrets).containsExactlyInAnyOrder(user, d.getMetadata().getName() + "-identity");
        }
    }

    @Test
    void networkPoliciesLetEachWorkloadReachOnlyTheBrokersAndDns() {
        List<NetworkPolicy> policies = all(NetworkPolicy.class);
        List<String> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(d.getMetadata().getName()));
        workloads.add("demo-traffic");
        assertThat(policies.stream().map(p -> p.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(workloads);
        for (NetworkPolicy p : policies) {
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            List<NetworkPolicyEgressRule> egress = p.getSpec().getEgress();
            assertThat(egress).hasSize(2);
            assertThat(egress.get(0).getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels())
                        .containsEntry("strimzi.io/cluster", "mixnet")
                        .containsEntry("strimzi.io/broker-role", "true");
                assertThat(peer.getNamespaceSelector()).isNull();
            });
            assertThat(egress.get(0).getPorts())
                    .singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9092));
            assertThat(egress.get(1).getPorts())
                    .allSatisfy(port -> assertThat(port.getPort().getIntVal()).isEqualTo(53));
            boolean isMixer = network.mixers().containsKey(p.getMetadata().getName());
            if (isMixer) {
                assertThat(p.getSpec().getIngress())
                        .singleElement()
                        .satisfies(rule -> assertThat(rule.getPorts())
                                .singleElement()
                                .satisfies(port ->
                                        assertThat(port.getPort().getIntVal()).isEqualTo(9404)));
            } else {
                assertThat(p.getSpec().getIngress()).isEmpty();
            }
        }
    }

    @Test
    void topicResourceNamesAreValidAndKeepDifferentTopicsApart() {
        assertThat(KubernetesManifests.topicResourceName("mixnet-demo.mix-1.in"))
                .isEqualTo("mixnet-demo.mix-1.in");
        String a = KubernetesManifests.topicResourceName("Mix_A.in");
        String b = KubernetesManifests.topicResourceName("mix-a.in");
        assertThat(a).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?").isNotEqualTo(b);
    }
}
