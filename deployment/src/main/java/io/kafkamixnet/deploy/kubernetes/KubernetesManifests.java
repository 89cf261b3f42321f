package io.kafkamixnet.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitorBuilder;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.deploy.ContainerLayout;
import io.kafkamixnet.deploy.DeploymentFiles;
import io.kafkamixnet.deploy.DeploymentPlan;
import io.kafkamixnet.deploy.MixerUnit;
import io.kafkamixnet.deploy.NetworkCopy;
import io.kafkamixnet.deploy.Principal;
import io.kafkamixnet.deploy.ServiceUnit;
import io.kafkamixnet.deploy.Yaml;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.KafkaBuilder;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network's deployment on Kubernetes with the Strimzi operator: the {@code Kafka} cluster (KRaft,
 * a {@code KafkaNodePool} of controllers and one of brokers, SCRAM-SHA-512 and simple authorization),
 * a {@code KafkaTopic} per topic with the exact {@link TopicSpec} settings, a {@code KafkaUser} per role
 * with exactly its ACLs and quotas, a {@code Deployment} per mixer (probes on {@code /metrics}, keys on
 * a volume seeded from a {@code Secret}), the echo services, a demo traffic {@code Job}, a
 * {@code PodMonitor} and a {@code NetworkPolicy} per workload that lets it reach the brokers and
 * nothing else.
 *
 * <p>Every object is built as its typed class (fabric8's Kubernetes model, Strimzi's API) and
 * serialised; nothing is a string template but the secrets script and the README.
 */
public final class KubernetesManifests {

    /** The Strimzi API version every custom resource is written in. */
    public static final String STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

    static final String PART_OF = "kafka-mixnet";
    static final int LISTENER_PORT = 9092;
    static final String LABEL_NAME = "app.kubernetes.io/name";
    static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
    static final String LABEL_USER = "mixnet.io/kafka-user";
    static final String STRIMZI_CLUSTER = "strimzi.io/cluster";

    private static final String HEADER =
            "# Generated by `mixnet deploy kubernetes` from the network description; do not edit:"
                    + " change the description and generate again.\n";

    private final DeploymentPlan plan;
    private final KubernetesOptions options;

    public KubernetesManifests(DeploymentPlan plan, KubernetesOptions options) {
        this.plan = plan;
        this.options = options;
    }

    /** Every file of the deployment, by path. */
    public DeploymentFiles files() {
        DeploymentFiles files = new DeploymentFiles();
        Map<String, List<HasMetadata>> manifests = manifests();
        manifests.forEach((file, objects) -> files.add(
                file,
                Yaml.writeAll(
                        HEADER,
                        objects.stream().map(KubernetesManifests::document).toList())));
        files.add("kustomization.yaml", kustomization(manifests.keySet()));
        NetworkCopy.addTo(files, plan);
        files.addExecutable("create-secrets.sh", secretsScript());
        files.add("README.md", readme());
        return files;
    }

    /** The objects of each manifest file, in the order {@code kubectl apply} should meet them. */
    public Map<String, List<HasMetadata>> manifests() {
        Map<String, List<HasMetadata>> m = new LinkedHashMap<>();
        m.put(
                "kafka.yaml",
                List.of(
                        kafka(),
                        nodePool("controller", ProcessRoles.CONTROLLER, options.controllers(), "10Gi"),
                        nodePool("broker", ProcessRoles.BROKER, options.brokers(), "100Gi")));
        m.put(
                "topics.yaml",
                new ArrayList<>(plan.topics().stream().map(this::topic).toList()));
        m.put(
                "users.yaml",
                new ArrayList<>(plan.principals().stream().map(this::user).toList()));
        m.put("network.yaml", List.of(networkConfigMap()));
        for (MixerUnit mixer : plan.mixers()) {
            m.put(
                    "mixer-" + mixer.id() + ".yaml",
                    List.of(keysClaim(mixer), mixerDeployment(mixer), mixerPolicy(mixer)));
        }
        for (ServiceUnit service : plan.services()) {
            m.put(
                    "service-" + service.name() + ".yaml",
                    List.of(
                            serviceDeployment(service),
                            kafkaOnlyPolicy(
                                    serviceName(service),
                                    labels("service", serviceName(service), service.principal()),
                                    List.of())));
        }
        if (!plan.services().isEmpty()) {
            m.put(
                    "demo-traffic.yaml",
                    List.of(
                            trafficJob(),
                            kafkaOnlyPolicy(
                                    "demo-traffic",
                                    labels("traffic", "demo-traffic", plan.clientPrincipal()),
                                    List.of())));
        }
        m.put("monitoring.yaml", List.of(podMonitor()));
        return m;
    }

    /**
     * An object as the document to write. Strimzi's published classes of {@code Kafka} and
     * {@code KafkaNodePool} still name {@code v1beta2}, the version they are stored in; the operator
     * serves the same resources as {@value #STRIMZI_API_VERSION}, which the manifests use for every
     * Strimzi kind (nothing here uses a field {@code v1} removed).
     */
    static com.fasterxml.jackson.databind.JsonNode document(HasMetadata object) {
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) Yaml.tree(object);
        if (tree.path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
            tree.put("apiVersion", STRIMZI_API_VERSION);
        }
        return tree;
    }

    // ---- Kafka -------------------------------------------------------------------------------------

    Kafka kafka() {
        GenericKafkaListener listener = new GenericKafkaListener();
        listener.setName("scram");
        listener.setPort(LISTENER_PORT);
        listener.setType(KafkaListenerType.INTERNAL);
        listener.setTls(false);
        listener.setAuth(new KafkaListenerAuthenticationScramSha512());
        // Only the network's own pods reach the listener (Strimzi adds its operators).
        listener.setNetworkPolicyPeers(List.of(new NetworkPolicyPeerBuilder()
                .withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels(LABEL_PART_OF, PART_OF)
                        .addToMatchLabels(LABEL_INSTANCE, plan.name())
                        .build())
                .build()));
        Map<String, Object> config = new TreeMap<>();
        config.put("auto.create.topics.enable", false);
        config.put("default.replication.factor", 3);
        config.put("min.insync.replicas", 2);
        config.put("offsets.topic.replication.factor", 3);
        config.put("transaction.state.log.replication.factor", 3);
        config.put("transaction.state.log.min.isr", 2);
        // No ACL, no access: each user gets exactly its KafkaUser's ACLs.
        config.put("allow.everyone.if.no.acl.found", false);
        KafkaAuthorizationSimple authorization = new KafkaAuthorizationSimple();
        var builder = new KafkaBuilder()
                .withMetadata(meta(plan.name(), ordered(LABEL_PART_OF, PART_OF, LABEL_INSTANCE, plan.name())))
                .withNewSpec()
                .withNewKafka()
                .withListeners(listener)
                .withAuthorization(authorization)
                .withConfig(config)
                .endKafka()
                .withNewEntityOperator()
                .withNewTopicOperator()
                .endTopicOperator()
                .withNewUserOperator()
                .endUserOperator()
                .endEntityOperator()
                .endSpec();
        Kafka kafka = builder.build();
        options.kafkaVersion().ifPresent(v -> kafka.getSpec().getKafka().setVersion(v));
        kafka.setApiVersion(STRIMZI_API_VERSION);
        return kafka;
    }

    KafkaNodePool nodePool(String name, ProcessRoles role, int replicas, String size) {
        PersistentClaimStorage storage = new PersistentClaimStorage();
        storage.setSize(size);
        storage.setDeleteClaim(false);
        options.storageClass().ifPresent(storage::setStorageClass);
        KafkaNodePool pool = new KafkaNodePoolBuilder()
                .withMetadata(meta(name, ordered(STRIMZI_CLUSTER, plan.name(), LABEL_PART_OF, PART_OF)))
                .withNewSpec()
                .withReplicas(replicas)
                .withRoles(role)
                .withStorage(storage)
                .endSpec()
                .build();
        pool.setApiVersion(STRIMZI_API_VERSION);
        return pool;
    }

    /** A topic resource; its Kubernetes name is the topic's name made a valid object name. */
    KafkaTopic topic(TopicSpec spec) {
        Map<String, Object> config = new TreeMap<>(spec.configs());
        KafkaTopic topic = new KafkaTopicBuilder()
                .withMetadata(meta(
                        topicResourceName(spec.name()), ordered(STRIMZI_CLUSTER, plan.name(), LABEL_PART_OF, PART_OF)))
                .withNewSpec()
                .withTopicName(spec.name())
                .withPartitions(spec.partitions())
                .withReplicas(spec.replicationFactor() == -1 ? null : (int) spec.replicationFactor())
                .withConfig(config)
                .endSpec()
                .build();
        topic.setApiVersion(STRIMZI_API_VERSION);
        return topic;
    }

    /** A SCRAM-SHA-512 user with exactly the principal's ACLs and quotas; the operator makes its password. */
    KafkaUser user(Principal principal) {
        KafkaUserAuthorizationSimple authorization = new KafkaUserAuthorizationSimple();
        authorization.setAcls(StrimziAcls.rules(principal.acls()));
        KafkaUser user = new KafkaUserBuilder()
                .withMetadata(meta(
                        principal.name(),
                        ordered(
                                STRIMZI_CLUSTER,
                                plan.name(),
                                LABEL_PART_OF,
                                PART_OF,
                                "mixnet.io/role",
                                principal.role())))
                .withNewSpec()
                .withAuthentication(new KafkaUserScramSha512ClientAuthentication())
                .withAuthorization(authorization)
                .withQuotas(StrimziAcls.quotas(principal.quotas()))
                .endSpec()
                .build();
        user.setApiVersion(STRIMZI_API_VERSION);
        return user;
    }

    /**
     * A valid Kubernetes object name for a topic: lower case, characters outside {@code [a-z0-9.-]}
     * replaced by '-'; when that changed the name, a hash of the real name keeps two topics apart.
     */
    static String topicResourceName(String topic) {
        String lower = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        lower = lower.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        if (lower.equals(topic) && !lower.isEmpty() && lower.length() <= 253) {
            return lower;
        }
        String hash = Integer.toHexString(topic.hashCode());
        String base = lower.isEmpty() ? "topic" : lower;
        return (base.length() > 240 ? base.substring(0, 240) : base) + "-" + hash;
    }

    // ---- Network description -----------------------------------------------------------------------

    /** The description and the mixer files, verbatim; a ConfigMap key cannot hold '/', so paths become items. */
    ConfigMap networkConfigMap() {
        Map<String, String> data = new TreeMap<>();
        for (String file : plan.descriptionFiles()) {
            data.put(configMapKey(file), NetworkCopy.read(plan, file));
        }
        return new ConfigMapBuilder()
                .withMetadata(meta(networkConfigMapName(), commonLabels()))
                .withData(data)
                .build();
    }

    private String networkConfigMapName() {
        return plan.name() + "-network";
    }

    private String trustedIdentitiesName() {
        return plan.name() + "-trusted-identities";
    }

    static String configMapKey(String file) {
        return file.replace('/', '_');
    }

    private Volume networkVolume() {
        List<KeyToPath> items = plan.descriptionFiles().stream()
                .map(f -> new KeyToPath(configMapKey(f), null, f))
                .toList();
        return new VolumeBuilder()
                .withName("network")
                .withNewConfigMap()
                .withName(networkConfigMapName())
                .withItems(items)
                .endConfigMap()
                .build();
    }

    // ---- Mixers --------------------------------------------------------------------------------------

    PersistentVolumeClaim keysClaim(MixerUnit mixer) {
        var spec = new PersistentVolumeClaimBuilder()
                .withMetadata(meta(mixer.id() + "-keys", labels("mixer", mixer.id(), mixer.principal())))
                .withNewSpec()
                // ReadWriteOnce: one node. Instances of one mixer must share its epoch keys: more than one
                // replica needs a ReadWriteMany storage class (README, Scaling a mixer).
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("16Mi"))
                .endResources();
        options.storageClass().ifPresent(spec::withStorageClassName);
        return spec.endSpec().build();
    }

    Deployment mixerDeployment(MixerUnit mixer) {
        Map<String, String> labels = labels("mixer", mixer.id(), mixer.principal());
        Container keys = new ContainerBuilder()
                .withName("install-keys")
                .withImage(options.image())
                .withCommand("/bin/sh", "-ec")
                // The Secret is the source of the long-term keys; epoch keys are the mixer's own (generated
                // and wiped on the volume), so the volume, not the Secret, is keys.dir.
                // keys.dir is a directory of its own on the volume: the volume's root is the fsGroup's, and the
                // mixer refuses a key directory its group may read.
                .withArgs(
                        "install -d -m 700 " + keysDir() + " && for f in identity.key pool-store.key; do install -m 600"
                                + " /etc/mixnet/identity/$f " + keysDir() + "/$f; done")
                .withSecurityContext(containerSecurity())
                .withResources(resources("50m", "64Mi", "128Mi"))
                .withVolumeMounts(
                        mount("identity", "/etc/mixnet/identity", true), mount("keys", ContainerLayout.KEYS_DIR, false))
                .build();
        Probe startup = metricsProbe(mixer, 10, 30); // up to 5 minutes: the mixer waits for brokers and topics
        Container main = new ContainerBuilder()
                .withName("mixer")
                .withImage(options.image())
                .withArgs(ContainerLayout.mixerArgs(mixer, keysDir()))
                .withEnv(kafkaEnv(mixer.principal()))
                .addNewPort()
                .withName("metrics")
                .withContainerPort(mixer.metricsPort())
                .withProtocol("TCP")
                .endPort()
                .withStartupProbe(startup)
                .withReadinessProbe(metricsProbe(mixer, 10, 3))
                .withLivenessProbe(metricsProbe(mixer, 20, 3))
                .withSecurityContext(containerSecurity())
                .withResources(resources("250m", "768Mi", "1Gi"))
                .withVolumeMounts(
                        mount("network", ContainerLayout.NETWORK_DIR, true),
                        mount("kafka-user", "/etc/mixnet/kafka-user", true),
                        mount("keys", ContainerLayout.KEYS_DIR, false),
                        mount("state", ContainerLayout.STATE_DIR, false),
                        mount("tmp", "/tmp", false))
                .build();
        return new DeploymentBuilder()
                .withMetadata(meta(mixer.id(), labels))
                .withNewSpec()
                .withReplicas(1)
                // One pod at a time: the keys volume is ReadWriteOnce, and two instances of a fresh mixer
                // would race for the same static membership.
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .withSelector(selector(mixer.id()))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withSecurityContext(podSecurity())
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(45L) // the mixer closes within 30 s
                .withInitContainers(keys)
                .withContainers(main)
                .withVolumes(
                        networkVolume(),
                        secretVolume("kafka-user", mixer.principal(), "password"),
                        new VolumeBuilder()
                                .withName("identity")
                                .withNewSecret()
                                .withSecretName(mixer.id() + "-identity")
                                .withDefaultMode(0400)
                                .endSecret()
                                .build(),
                        new VolumeBuilder()
                                .withName("keys")
                                .withNewPersistentVolumeClaim()
                                .withClaimName(mixer.id() + "-keys")
                                .endPersistentVolumeClaim()
                                .build(),
                        emptyDir("state", null, "2Gi"),
                        emptyDir("tmp", "Memory", "64Mi"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static String keysDir() {
        return ContainerLayout.KEYS_DIR + "/mixer";
    }

    private static Probe metricsProbe(MixerUnit mixer, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath("/metrics")
                .withPort(new IntOrString("metrics"))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    NetworkPolicy mixerPolicy(MixerUnit mixer) {
        // Prometheus, wherever it runs, may scrape the metrics port; nothing else reaches a mixer.
        NetworkPolicyIngressRule scrape = new NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelector())
                        .withPodSelector(new LabelSelectorBuilder()
                                .addToMatchLabels(LABEL_NAME, "prometheus")
                                .build())
                        .build())
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(mixer.metricsPort()))
                .endPort()
                .build();
        return kafkaOnlyPolicy(mixer.id(), labels("mixer", mixer.id(), mixer.principal()), List.of(scrape));
    }

    /** Egress to the brokers' listener and to DNS only; ingress only by {@code ingress}. */
    NetworkPolicy kafkaOnlyPolicy(String name, Map<String, String> podLabels, List<NetworkPolicyIngressRule> ingress) {
        NetworkPolicyEgressRule brokers = new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder()
                        .withPodSelector(new LabelSelectorBuilder()
                                .addToMatchLabels(STRIMZI_CLUSTER, plan.name())
                                .addToMatchLabels("strimzi.io/broker-role", "true")
                                .build())
                        .build())
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(LISTENER_PORT))
                .endPort()
                .build();
        NetworkPolicyPeer dnsPods = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                        .build())
                .withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("k8s-app", "kube-dns")
                        .build())
                .build();
        NetworkPolicyEgressRule dns = new NetworkPolicyEgressRuleBuilder()
                .withTo(dnsPods)
                .addNewPort()
                .withProtocol("UDP")
                .withPort(new IntOrString(53))
                .endPort()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(53))
                .endPort()
                .build();
        return new NetworkPolicyBuilder()
                .withMetadata(meta(name, podLabels))
                .withNewSpec()
                .withPodSelector(selector(podLabels.get(LABEL_NAME)))
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(brokers, dns)
                .endSpec()
                .build();
    }

    // ---- Services and traffic ------------------------------------------------------------------------

    private static String serviceName(ServiceUnit service) {
        return "service-" + service.name();
    }

    Deployment serviceDeployment(ServiceUnit service) {
        String name = serviceName(service);
        Map<String, String> labels = labels("service", name, service.principal());
        Container main = new ContainerBuilder()
                .withName("echo")
                .withImage(options.image())
                .withArgs(ContainerLayout.echoServiceArgs(plan, service))
                .withEnv(kafkaEnv(service.principal()))
                .withSecurityContext(containerSecurity())
                .withResources(resources("100m", "384Mi", "512Mi"))
                .withVolumeMounts(
                        mount("kafka-user", "/etc/mixnet/kafka-user", true),
                        mount("public", ContainerLayout.PUBLIC_DIR, true),
                        mount("tmp", "/tmp", false))
                .build();
        return new DeploymentBuilder()
                .withMetadata(meta(name, labels))
                .withNewSpec()
                // One instance per exit topic: several would need the service's fragment topic.
                .withReplicas(1)
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .withSelector(selector(name))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withSecurityContext(podSecurity())
                .withAutomountServiceAccountToken(false)
                .withContainers(main)
                .withVolumes(
                        secretVolume("kafka-user", service.principal(), "password"),
                        trustedIdentitiesVolume(),
                        emptyDir("tmp", "Memory", "64Mi"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    Job trafficJob() {
        Map<String, String> labels = labels("traffic", "demo-traffic", plan.clientPrincipal());
        Container main = new ContainerBuilder()
                .withName("send")
                .withImage(options.image())
                .withArgs(ContainerLayout.trafficArgs(plan, options.trafficRequests()))
                .withEnv(kafkaEnv(plan.clientPrincipal()))
                .withSecurityContext(containerSecurity())
                .withResources(resources("100m", "384Mi", "512Mi"))
                .withVolumeMounts(
                        mount("kafka-user", "/etc/mixnet/kafka-user", true),
                        mount("public", ContainerLayout.PUBLIC_DIR, true),
                        mount("tmp", "/tmp", false))
                .build();
        return new JobBuilder()
                .withMetadata(meta("demo-traffic", labels))
                .withNewSpec()
                // Retried while the mixers are still starting; kept an hour for its log.
                .withBackoffLimit(6)
                .withTtlSecondsAfterFinished(3600)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(podSecurity())
                .withAutomountServiceAccountToken(false)
                .withContainers(main)
                .withVolumes(
                        secretVolume("kafka-user", plan.clientPrincipal(), "password"),
                        trustedIdentitiesVolume(),
                        emptyDir("tmp", "Memory", "64Mi"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    PodMonitor podMonitor() {
        return new PodMonitorBuilder()
                .withMetadata(meta(plan.name() + "-mixers", commonLabels()))
                .withNewSpec()
                .withSelector(new LabelSelectorBuilder()
                        .addToMatchLabels(LABEL_PART_OF, PART_OF)
                        .addToMatchLabels(LABEL_INSTANCE, plan.name())
                        .addToMatchLabels(LABEL_COMPONENT, "mixer")
                        .build())
                .addNewPodMetricsEndpoint()
                .withPort("metrics")
                .withPath("/metrics")
                .withInterval("15s")
                .endPodMetricsEndpoint()
                .endSpec()
                .build();
    }

    // ---- Pieces ---------------------------------------------------------------------------------------

    private List<EnvVar> kafkaEnv(String principal) {
        return List.of(
                new EnvVarBuilder()
                        .withName(ContainerLayout.ENV_BOOTSTRAP)
                        .withValue(plan.name() + "-kafka-bootstrap:" + LISTENER_PORT)
                        .build(),
                new EnvVarBuilder()
                        .withName(ContainerLayout.ENV_USER)
                        .withValue(principal)
                        .build(),
                new EnvVarBuilder()
                        .withName(ContainerLayout.ENV_PASSWORD_FILE)
                        .withValue("/etc/mixnet/kafka-user/password")
                        .build(),
                // Heap from the container's memory limit, not the node's.
                new EnvVarBuilder()
                        .withName("JAVA_TOOL_OPTIONS")
                        .withValue("-XX:MaxRAMPercentage=70")
                        .build());
    }

    /** The Secret the User Operator writes for a KafkaUser: its {@code password} key only. */
    private static Volume secretVolume(String volume, String secret, String key) {
        return new VolumeBuilder()
                .withName(volume)
                .withNewSecret()
                .withSecretName(secret)
                .withItems(new KeyToPath(key, 0400, key))
                .endSecret()
                .build();
    }

    private Volume trustedIdentitiesVolume() {
        return new VolumeBuilder()
                .withName("public")
                .withNewConfigMap()
                .withName(trustedIdentitiesName())
                .endConfigMap()
                .build();
    }

    private static Volume emptyDir(String name, String medium, String size) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .withMedium(medium)
                .withSizeLimit(new Quantity(size))
                .endEmptyDir()
                .build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder()
                .withName(name)
                .withMountPath(path)
                .withReadOnly(readOnly ? Boolean.TRUE : null)
                .build();
    }

    private static PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(ContainerLayout.USER_ID)
                .withRunAsGroup(ContainerLayout.USER_ID)
                .withFsGroup(ContainerLayout.USER_ID)
                // Only a fresh volume is given to the group: a recursive change at every start would make the
                // owner-only key files group-readable, and the mixer would refuse them.
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    private static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build();
    }

    private static ResourceRequirements resources(String cpu, String memoryRequest, String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memoryRequest))
                .addToLimits("memory", new Quantity(memoryLimit))
                .build();
    }

    private Map<String, String> commonLabels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(LABEL_PART_OF, PART_OF);
        l.put(LABEL_INSTANCE, plan.name());
        return l;
    }

    private Map<String, String> labels(String component, String name, String user) {
        Map<String, String> l = commonLabels();
        l.put(LABEL_COMPONENT, component);
        l.put(LABEL_NAME, name);
        l.put(LABEL_USER, user);
        return l;
    }

    private LabelSelector selector(String name) {
        return new LabelSelectorBuilder()
                .addToMatchLabels(LABEL_INSTANCE, plan.name())
                .addToMatchLabels(LABEL_NAME, name)
                .build();
    }

    /** Labels in the order given: the output must not depend on a JVM's hash seed. */
    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withLabels(new LinkedHashMap<>(labels))
                .build();
    }

    // ---- Text files ----------------------------------------------------------------------------------

    private static String kustomization(Iterable<String> files) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        List<String> resources = new ArrayList<>();
        files.forEach(resources::add);
        k.put("resources", resources);
        return HEADER + Yaml.writePlain(k);
    }

    private String secretsScript() {
        StringBuilder s = new StringBuilder();
        s.append("#!/usr/bin/env bash\n");
        s.append(HEADER);
        s.append("""
                # Creates what must never be in a manifest or an image: each mixer's long-term keys (identity and
                # pool store key) as a Secret, and the ConfigMap of the mixers' identity public keys that services and
                # clients trust. Keys are generated on this machine in a temporary directory removed on exit; a mixer
                # whose Secret exists keeps its keys (run it again after adding a mixer). Kafka passwords are not here:
                # Strimzi's User Operator writes a Secret per KafkaUser.
                #
                #   MIXNET=../../mixnet ./create-secrets.sh      # MIXNET: the mixnet command; KUBECTL: kubectl (-n ...)
                set -euo pipefail
                here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
                MIXNET="${MIXNET:-mixnet}"
                KUBECTL="${KUBECTL:-kubectl}"
                work="$(mktemp -d)"
                trap 'rm -rf "$work"' EXIT
                mixers="%s"
                for mixer in $mixers; do
                  user="${mixer%%%%:*}"; id="${mixer##*:}"
                  mkdir -p "$work/$user/keys"
                  if $KUBECTL get secret "$id-identity" >/dev/null 2>&1; then
                    $KUBECTL get secret "$id-identity" -o jsonpath='{.data.identity\\.key}' | base64 -d > "$work/$user/keys/identity.key"
                    $KUBECTL get secret "$id-identity" -o jsonpath='{.data.pool-store\\.key}' | base64 -d > "$work/$user/keys/pool-store.key"
                    chmod 600 "$work/$user/keys/"*.key
                  fi
                done
                # Generates the keys that are missing and lists every mixer's identity public key.
                "$MIXNET" deploy credentials --network "$here/network/%s" --dir "$work"
                for mixer in $mixers; do
                  user="${mixer%%%%:*}"; id="${mixer##*:}"
                  $KUBECTL create secret generic "$id-identity" \\
                      --from-file=identity.key="$work/$user/keys/identity.key" \\
                      --from-file=pool-store.key="$work/$user/keys/pool-store.key" \\
                      --dry-run=client -o yaml | $KUBECTL apply -f -
                done
                $KUBECTL create configmap %s \\
                    --from-file=trusted-identities.txt="$work/public/trusted-identities.txt" \\
                    --dry-run=client -o yaml | $KUBECTL apply -f -
                echo "Secrets and trusted identities are in place; the mixers start once Strimzi has the cluster ready."
                """.formatted(
                        String.join(
                                " ",
                                plan.mixers().stream()
                                        .map(m -> m.principal() + ":" + m.id())
                                        .toList()),
                        plan.descriptionFile(),
                        trustedIdentitiesName()));
        return s.toString();
    }

    private String readme() {
        try (InputStream in = KubernetesManifests.class.getResourceAsStream("README.md")) {
            if (in == null) {
                throw new IllegalStateException("the Kubernetes README template is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            MixerUnit first = plan.mixers().get(0);
            return text.replace("@NETWORK@", plan.name())
                    .replace("@MIXER@", first.id())
                    .replace("@INGRESS@", first.config().ingressTopic())
                    .replace(
                            "@INGRESS_RESOURCE@",
                            topicResourceName(first.config().ingressTopic()))
                    .replace("@PARTITIONS@", Integer.toString(first.config().ingressPartitions()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
