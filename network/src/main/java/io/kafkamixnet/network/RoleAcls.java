package io.kafkamixnet.network;

import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.topology.MixerConfig;
import io.kafkamixnet.topology.MixerConfig.TopicProvisioning;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of every principal of a {@link NetworkDescription}, and the client quotas:
 * the one computation {@code mixnet acls} prints and applies and the Strimzi {@code KafkaUser}
 * resources are generated from. Every ACL allows one operation on one resource from any host; nothing
 * is denied explicitly, because the cluster runs with {@code allow.everyone.if.no.acl.found=false}
 * and so denies whatever is not granted.
 *
 * <p>Per role (Kafka implies {@code DESCRIBE} from {@code READ} and {@code WRITE}, so it is not listed
 * separately):
 * <ul>
 *   <li>mixer: {@code READ} its ingress and its consumer group ({@code application.id}); {@code READ},
 *       {@code WRITE}, {@code CREATE} on topics prefixed {@code <application.id>-} (its changelogs);
 *       {@code WRITE}, {@code DESCRIBE} on transactional ids prefixed {@code <application.id>-} (with
 *       exactly-once); {@code WRITE} to each output (next hops, exits, reply inbox, the response mixers
 *       its reply-path loops enter: {@code heartbeat.entry.*}) and its dead-letter topic; {@code READ} on
 *       {@code heartbeat.reply-inbox} when it sends reply-path loops; {@code WRITE} and {@code READ} on the directory (publish, read back its sequence); and,
 *       only for the topics its {@code topics.provision} makes it create, {@code CREATE},
 *       {@code DESCRIBE_CONFIGS}, {@code ALTER_CONFIGS}, {@code ALTER}.
 *   <li>service: {@code READ} its exit topic and its group, {@code READ} the directory, {@code WRITE}
 *       the ingress of the response mixers it replies through.
 *   <li>client (each client principal): {@code WRITE} every mixer's ingress (requests and cover
 *       traffic start at forward mixers, reply-path cover at response mixers), {@code READ} the
 *       directory and the reply inboxes. The Java SDK reads with assigned partitions and needs no group;
 *       with {@code client.inbox-group-prefix}, {@code READ} and {@code DELETE} on groups with that
 *       prefix, for clients that read the inbox in a group of their own.
 *   <li>auditor: {@code READ} and {@code DESCRIBE_CONFIGS} on every topic of the network, {@code READ}
 *       on every mixer's internal topics, {@code DESCRIBE} and {@code DESCRIBE_CONFIGS} on the cluster
 *       (ACLs, quotas), {@code READ} its group if it has one.
 * </ul>
 */
public final class RoleAcls {

    private static final String ANY_HOST = "*";

    private final List<AclGrant> grants;
    private final List<ClientQuotaAlteration> clientQuotas;

    private RoleAcls(List<AclGrant> grants, List<ClientQuotaAlteration> clientQuotas) {
        this.grants = List.copyOf(grants);
        this.clientQuotas = List.copyOf(clientQuotas);
    }

    /** The ACLs and quotas of every principal of {@code network}. */
    public static RoleAcls of(NetworkDescription network) {
        Objects.requireNonNull(network, "network");
        Grants g = new Grants();
        for (NetworkMixer m : network.mixers().values()) {
            mixer(g, network, m);
        }
        for (NetworkService s : network.services().values()) {
            service(g, network, s);
        }
        for (String client : network.clients().principals()) {
            client(g, network, client);
        }
        network.auditor().ifPresent(a -> auditor(g, network, a));
        return new RoleAcls(g.list(), quotas(network.clients()));
    }

    private static void mixer(Grants g, NetworkDescription network, NetworkMixer m) {
        MixerConfig c = m.config();
        Grants.For f = g.forHolder(Role.MIXER, m.id(), m.principal());
        f.topic(c.ingressTopic(), AclOperation.READ, "consume its ingress (Kafka Streams source)");
        f.literal(ResourceType.GROUP, c.applicationId(), AclOperation.READ, "its Kafka Streams consumer group");
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE)) {
            f.prefixed(
                    ResourceType.TOPIC,
                    m.internalPrefix(),
                    op,
                    "its own internal topics (changelogs of the sealed pool and replay tags)");
        }
        if (m.transactional()) {
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
                f.prefixed(
                        ResourceType.TRANSACTIONAL_ID,
                        m.internalPrefix(),
                        op,
                        "its own exactly-once transactions (" + c.processingGuarantee() + ")");
            }
        }
        c.outputTopics().forEach((key, topic) -> f.topic(topic, AclOperation.WRITE, "release packets to " + key));
        // A forward mixer's reply-path loops come back on the shared inbox, read like a client reads it
        // (assigned partitions, no group): READ on the topic and nothing else.
        c.heartbeatReplyInbox()
                .ifPresent(inbox ->
                        f.topic(inbox, AclOperation.READ, "read its reply-path heartbeat loops back from the inbox"));
        f.topic(c.deadLetterTopic(), AclOperation.WRITE, "dead-letter refused records");
        f.topic(network.directoryTopic(), AclOperation.WRITE, "publish its signed descriptor");
        f.topic(network.directoryTopic(), AclOperation.READ, "read back its last descriptor sequence at start");
        for (String topic : provisionedTopics(network, c)) {
            for (AclOperation op : List.of(
                    AclOperation.CREATE,
                    AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS,
                    AclOperation.ALTER)) {
                f.topic(
                        topic,
                        op,
                        "topics.provision=" + c.topicProvisioning().name().toLowerCase(java.util.Locale.ROOT)
                                + ": create the topic, fix its configs, grow its partitions");
            }
        }
    }

    /** The topics a mixer creates or updates at start, as its {@code topics.provision} says. */
    private static Set<String> provisionedTopics(NetworkDescription network, MixerConfig c) {
        Set<String> topics = new LinkedHashSet<>();
        if (c.topicProvisioning() == TopicProvisioning.NONE) {
            return topics;
        }
        topics.add(c.ingressTopic());
        topics.add(c.deadLetterTopic());
        if (c.topicProvisioning() == TopicProvisioning.ALL) {
            topics.addAll(c.outputTopics().values());
            c.heartbeatReplyInbox().ifPresent(topics::add);
            topics.add(network.directoryTopic());
        }
        return topics;
    }

    private static void service(Grants g, NetworkDescription network, NetworkService s) {
        Grants.For f = g.forHolder(Role.SERVICE, s.name(), s.principal());
        f.topic(s.exitTopic(), AclOperation.READ, "consume its requests");
        f.literal(ResourceType.GROUP, s.groupId(), AclOperation.READ, "its consumer group");
        f.topic(network.directoryTopic(), AclOperation.READ, "read the directory (reply routes)");
        for (String id : s.replyThrough()) {
            f.topic(
                    network.mixers().get(id).config().ingressTopic(),
                    AclOperation.WRITE,
                    "send replies into response mixer " + id);
        }
    }

    private static void client(Grants g, NetworkDescription network, String principal) {
        Grants.For f = g.forHolder(Role.CLIENT, "clients", principal);
        // Every mixer can be a client's first hop: forward mixers for requests and forward-path cover,
        // response mixers for reply-path cover (drop packets that keep the response mixers' traffic
        // indistinguishable; see CoverTrafficLoop).
        for (NetworkMixer m : network.mixers().values()) {
            f.topic(
                    m.config().ingressTopic(),
                    AclOperation.WRITE,
                    m.role() == MixerRole.FORWARD
                            ? "send requests and cover packets to first hop " + m.id()
                            : "send reply-path cover packets to first hop " + m.id());
        }
        f.topic(network.directoryTopic(), AclOperation.READ, "read the directory (routes, keys)");
        for (String inbox : network.clients().inboxTopics()) {
            f.topic(inbox, AclOperation.READ, "read the shared reply inbox");
        }
        network.clients().inboxGroupPrefix().ifPresent(prefix -> {
            f.prefixed(
                    ResourceType.GROUP,
                    prefix,
                    AclOperation.READ,
                    "read the inbox in a consumer group of its own (clients that use groups)");
            f.prefixed(ResourceType.GROUP, prefix, AclOperation.DELETE, "remove its inbox groups when done");
        });
    }

    private static void auditor(Grants g, NetworkDescription network, NetworkAuditor a) {
        Grants.For f = g.forHolder(Role.AUDITOR, "auditor", a.principal());
        for (String topic : network.topics()) {
            f.topic(topic, AclOperation.READ, "read every topic of the network");
            f.topic(topic, AclOperation.DESCRIBE_CONFIGS, "check topic configurations");
        }
        for (NetworkMixer m : network.mixers().values()) {
            f.prefixed(
                    ResourceType.TOPIC,
                    m.internalPrefix(),
                    AclOperation.READ,
                    "read mixer " + m.id() + "'s internal topics (entries are sealed)");
        }
        f.literal(ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE, "list ACLs and the cluster");
        f.literal(ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE_CONFIGS, "read client quotas");
        a.groupId().ifPresent(group -> f.literal(ResourceType.GROUP, group, AclOperation.READ, "its consumer group"));
    }

    private static List<ClientQuotaAlteration> quotas(NetworkClients clients) {
        Map<String, Double> quotas = clients.quota().asKafkaQuotas();
        if (quotas.isEmpty()) {
            return List.of();
        }
        List<ClientQuotaAlteration> out = new ArrayList<>();
        for (String principal : clients.principals()) {
            List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
            quotas.forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
            out.add(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, principal)), ops));
        }
        return out;
    }

    /** Every ACL with its role, holder and purpose: mixers, services, clients, auditor, in the order described. */
    public List<AclGrant> grants() {
        return grants;
    }

    /** Every ACL binding, each once. */
    public List<AclBinding> bindings() {
        return grants.stream().map(AclGrant::binding).toList();
    }

    /** The ACL bindings of one principal ({@code User:<name>}), in order; empty for an unknown one. */
    public List<AclBinding> bindingsOf(String principal) {
        return grants.stream()
                .map(AclGrant::binding)
                .filter(b -> b.entry().principal().equals(principal))
                .toList();
    }

    /** Principals ({@code User:<name>}) to their ACL bindings, in the order described. */
    public Map<String, List<AclBinding>> bindingsByPrincipal() {
        Map<String, List<AclBinding>> out = new LinkedHashMap<>();
        for (AclGrant grant : grants) {
            out.computeIfAbsent(grant.principal(), p -> new ArrayList<>()).add(grant.binding());
        }
        out.replaceAll((p, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(out);
    }

    /** The quota of each client principal ({@code user} entity); empty when the network sets no client quota. */
    public List<ClientQuotaAlteration> clientQuotas() {
        return clientQuotas;
    }

    /** Collects grants in order, each binding once (the first purpose wins). */
    private static final class Grants {
        private final Map<AclBinding, AclGrant> byBinding = new LinkedHashMap<>();

        For forHolder(Role role, String holder, String user) {
            return new For(role, holder, Principals.of(user));
        }

        List<AclGrant> list() {
            return new ArrayList<>(byBinding.values());
        }

        final class For {
            private final Role role;
            private final String holder;
            private final String principal;

            For(Role role, String holder, String principal) {
                this.role = role;
                this.holder = holder;
                this.principal = principal;
            }

            void topic(String topic, AclOperation op, String purpose) {
                literal(ResourceType.TOPIC, topic, op, purpose);
            }

            void literal(ResourceType type, String name, AclOperation op, String purpose) {
                add(new ResourcePattern(type, name, PatternType.LITERAL), op, purpose);
            }

            void prefixed(ResourceType type, String prefix, AclOperation op, String purpose) {
                add(new ResourcePattern(type, prefix, PatternType.PREFIXED), op, purpose);
            }

            private void add(ResourcePattern pattern, AclOperation op, String purpose) {
                AclBinding binding = new AclBinding(
                        pattern, new AccessControlEntry(principal, ANY_HOST, op, AclPermissionType.ALLOW));
                byBinding.putIfAbsent(binding, new AclGrant(role, holder, binding, purpose));
            }
        }
    }
}
