package io.kafkamixnet.network;

import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A whole mix network, validated: its directory topic and epoch clock, its mixers (each with the
 * configuration it runs with), its services, its clients and its auditor, and the user each of them
 * authenticates as. Read it from a {@code network.properties} file with {@link #load(Path)} (the format
 * is documented in {@code docs/operations.md}, "Network description"), or build it in code with
 * {@link #builder()}.
 *
 * <p>An instance always describes a network that can run: every mixer publishes to the network's
 * directory topic on the network's epoch clock; every next hop is a mixer of the network at its ingress
 * topic; every exit names a service of the network at its exit topic, and every service is reached by
 * at least one forward mixer; services reply through response mixers of the network; the clients read
 * every response mixer's reply inbox; every mixer, service, the auditor and the administrator is a
 * different user, and no mixer's internal topic prefix covers another mixer's.
 */
public final class NetworkDescription {

    /** The user that provisions topics, users and ACLs when none is named: a super user of the cluster. */
    public static final String DEFAULT_ADMIN_PRINCIPAL = "admin";

    private final String directoryTopic;
    private final EpochSchedule epochSchedule;
    private final Map<String, NetworkMixer> mixers;
    private final Map<String, NetworkService> services;
    private final NetworkClients clients;
    private final Optional<NetworkAuditor> auditor;
    private final String adminPrincipal;

    private NetworkDescription(Builder b) {
        this.directoryTopic = Names.requireTopic("directory.topic", b.directoryTopic);
        this.mixers = Collections.unmodifiableMap(new LinkedHashMap<>(b.mixers));
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(b.services));
        this.auditor = Optional.ofNullable(b.auditor);
        this.adminPrincipal = Principals.requireValid("admin.principal", b.adminPrincipal);
        if (mixers.values().stream().noneMatch(m -> m.role() == MixerRole.FORWARD)) {
            throw new IllegalArgumentException(
                    "a network needs at least one forward mixer (mixer.role=forward), found " + rolesInWords());
        }
        if (mixers.values().stream().noneMatch(m -> m.role() == MixerRole.RESPONSE)) {
            throw new IllegalArgumentException(
                    "a network needs at least one response mixer (mixer.role=response) to carry replies, found "
                            + rolesInWords());
        }
        this.epochSchedule = b.epochSchedule != null
                ? b.epochSchedule
                : mixers.values().iterator().next().config().epochSchedule();
        mixers.values().forEach(this::validateMixer);
        validateInternalPrefixes();
        validateIngressTopics();
        mixers.values().forEach(this::validateNextHops);
        mixers.values().forEach(this::validateHeartbeatEntries);
        validateExits();
        services.values().forEach(this::validateService);
        this.clients = new NetworkClients(
                b.clientPrincipals,
                b.inboxTopics != null ? b.inboxTopics : responseInboxes(),
                b.clientQuota,
                Optional.ofNullable(b.inboxGroupPrefix));
        validateInboxes();
        validatePrincipals();
        validatePrefixesCoverNothingElse();
    }

    /**
     * A prefixed ACL grants everything that starts with the prefix: a mixer's internal prefix must not
     * cover a topic of the network, and the clients' inbox group prefix no other role's group.
     */
    private void validatePrefixesCoverNothingElse() {
        for (NetworkMixer m : mixers.values()) {
            for (String topic : topics()) {
                if (topic.startsWith(m.internalPrefix())) {
                    throw new IllegalArgumentException("topic " + topic + " starts with mixer " + m.id()
                            + "'s internal prefix " + m.internalPrefix() + " (mixer.application-id followed by '-'):"
                            + " that mixer would be granted it; expected network topics outside every mixer's prefix");
                }
            }
        }
        clients.inboxGroupPrefix().ifPresent(prefix -> {
            Map<String, String> groups = new LinkedHashMap<>();
            mixers.values().forEach(m -> groups.put(m.config().applicationId(), "mixer " + m.id()));
            services.values().forEach(s -> groups.put(s.groupId(), "service " + s.name()));
            auditor.flatMap(NetworkAuditor::groupId).ifPresent(g -> groups.put(g, "the auditor"));
            groups.forEach((group, owner) -> {
                if (group.startsWith(prefix)) {
                    throw new IllegalArgumentException("client.inbox-group-prefix=" + prefix + " covers group " + group
                            + " of " + owner + ": clients could join it; expected a prefix no other role's group"
                            + " starts with");
                }
            });
        });
    }

    /**
     * Reads {@code network.properties} and the mixer configuration files it names (paths relative to
     * its directory).
     *
     * @throws IOException if the file or a mixer file cannot be read
     * @throws IllegalArgumentException naming the file, the key, what was expected and what was found
     */
    public static NetworkDescription load(Path file) throws IOException {
        return NetworkDescriptionReader.load(file);
    }

    public static Builder builder() {
        return new Builder();
    }

    private String rolesInWords() {
        Map<String, MixerRole> roles = new LinkedHashMap<>();
        mixers.values().forEach(m -> roles.put(m.id(), m.role()));
        return roles.isEmpty() ? "no mixers" : roles.toString();
    }

    private void validateMixer(NetworkMixer m) {
        MixerConfig c = m.config();
        String found = c.directoryTopic().orElse(null);
        if (!directoryTopic.equals(found)) {
            throw new IllegalArgumentException(
                    "mixer " + m.id() + " must publish to the network's directory.topic=" + directoryTopic + ", found "
                            + (found == null ? "no directory.topic" : "directory.topic=" + found));
        }
        if (!c.epochSchedule().equals(epochSchedule)) {
            throw new IllegalArgumentException("mixer " + m.id() + " must run on the network's epoch clock ("
                    + describe(epochSchedule) + "), found " + describe(c.epochSchedule()));
        }
    }

    private static String describe(EpochSchedule s) {
        return "epoch.length=" + s.epochLength() + ", epoch.grace=" + s.grace();
    }

    /**
     * ACLs grant a mixer everything starting with {@code <application.id>-}: no other mixer's internal
     * topics or transactional ids may start with it.
     */
    private void validateInternalPrefixes() {
        for (NetworkMixer a : mixers.values()) {
            for (NetworkMixer b : mixers.values()) {
                if (a != b && b.internalPrefix().startsWith(a.internalPrefix())) {
                    throw new IllegalArgumentException("mixer " + a.id() + " (mixer.application-id="
                            + a.config().applicationId() + ") would be granted the internal topics and transactional"
                            + " ids of mixer " + b.id() + " (mixer.application-id="
                            + b.config().applicationId()
                            + "): expected application ids none of which followed by '-' starts another");
                }
            }
        }
    }

    private void validateIngressTopics() {
        Map<String, String> owner = new HashMap<>();
        for (NetworkMixer m : mixers.values()) {
            String before = owner.putIfAbsent(m.config().ingressTopic(), m.id());
            if (before != null) {
                throw new IllegalArgumentException(
                        "mixers " + before + " and " + m.id() + " must have their own topic.ingress, found both on "
                                + m.config().ingressTopic());
            }
        }
    }

    private void validateNextHops(NetworkMixer m) {
        m.config().nextHops().forEach((id, topic) -> {
            NetworkMixer hop = mixers.get(id);
            if (hop == null) {
                throw new IllegalArgumentException("mixer " + m.id() + " has next-hop." + id + " but the network has no"
                        + " mixer " + id + "; expected one of " + mixers.keySet());
            }
            if (!hop.config().ingressTopic().equals(topic)) {
                throw new IllegalArgumentException(
                        "mixer " + m.id() + " has next-hop." + id + "=" + topic + ", expected mixer " + id
                                + "'s topic.ingress=" + hop.config().ingressTopic());
            }
        });
    }

    /**
     * A forward mixer's reply-path loops enter the response mixers it names ({@code heartbeat.entry.*},
     * each at its ingress) and come back on the one reply inbox every response mixer delivers to: a
     * loop whose last response mixer wrote another inbox would never be seen.
     */
    private void validateHeartbeatEntries(NetworkMixer m) {
        m.config().heartbeatEntries().forEach((id, topic) -> {
            NetworkMixer entry = mixers.get(id);
            if (entry == null || entry.role() != MixerRole.RESPONSE) {
                throw new IllegalArgumentException("mixer " + m.id() + " has heartbeat.entry." + id + " but " + id
                        + (entry == null ? " is no mixer of the network" : " is a " + entry.role() + " mixer")
                        + "; expected one of the response mixers "
                        + responseMixers().keySet());
            }
            if (!entry.config().ingressTopic().equals(topic)) {
                throw new IllegalArgumentException(
                        "mixer " + m.id() + " has heartbeat.entry." + id + "=" + topic + ", expected mixer " + id
                                + "'s topic.ingress=" + entry.config().ingressTopic());
            }
        });
        m.config().heartbeatReplyInbox().ifPresent(inbox -> {
            List<String> inboxes = responseInboxes();
            if (!inboxes.equals(List.of(inbox))) {
                throw new IllegalArgumentException("mixer " + m.id() + " has heartbeat.reply-inbox=" + inbox
                        + ", expected the one reply inbox every response mixer delivers to, found " + inboxes);
            }
        });
    }

    private void validateExits() {
        for (NetworkMixer m : mixers.values()) {
            m.config().exitServices().forEach((name, topic) -> {
                NetworkService s = services.get(name);
                if (s == null) {
                    throw new IllegalArgumentException("mixer " + m.id() + " exits to service " + name
                            + " (exit." + name + "=" + topic + ") but the network describes no service " + name
                            + "; expected one of " + services.keySet());
                }
                if (!s.exitTopic().equals(topic)) {
                    throw new IllegalArgumentException("mixer " + m.id() + " has exit." + name + "=" + topic
                            + ", expected service " + name + "'s exit-topic=" + s.exitTopic());
                }
            });
        }
    }

    private void validateService(NetworkService s) {
        boolean reached = mixers.values().stream()
                .anyMatch(m -> s.exitTopic().equals(m.config().exitServices().get(s.name())));
        if (!reached) {
            throw new IllegalArgumentException("service " + s.name() + " must be reached by at least one forward"
                    + " mixer (exit." + s.name() + "=" + s.exitTopic() + " in its configuration), found none");
        }
        if (mixerOwningTopic(s.exitTopic()).isPresent()) {
            throw new IllegalArgumentException(
                    "service " + s.name() + "'s exit-topic must not be a mixer's topic," + " found " + s.exitTopic());
        }
        for (String id : s.replyThrough()) {
            NetworkMixer m = mixers.get(id);
            if (m == null || m.role() != MixerRole.RESPONSE) {
                throw new IllegalArgumentException("service." + s.name() + ".reply-through must name response mixers"
                        + " of the network " + responseMixers().keySet() + ", found " + id
                        + (m == null ? " (no such mixer)" : " (a " + m.role() + " mixer)"));
            }
        }
    }

    private Optional<String> mixerOwningTopic(String topic) {
        return mixers.values().stream()
                .filter(m -> m.config().ingressTopic().equals(topic)
                        || m.config().deadLetterTopic().equals(topic))
                .map(NetworkMixer::id)
                .findFirst();
    }

    private List<String> responseInboxes() {
        Set<String> inboxes = new LinkedHashSet<>();
        responseMixers().values().forEach(m -> m.config().replyInboxTopic().ifPresent(inboxes::add));
        return new ArrayList<>(inboxes);
    }

    private void validateInboxes() {
        List<String> expected = responseInboxes();
        if (!new LinkedHashSet<>(clients.inboxTopics()).equals(new LinkedHashSet<>(expected))) {
            throw new IllegalArgumentException("client.inbox-topics must be the reply inboxes of the response mixers "
                    + expected + " (clients must read every inbox a reply can arrive on, and nothing else), found "
                    + clients.inboxTopics());
        }
    }

    /** Each mixer, service, the auditor and the administrator is a user of its own; clients are users of theirs. */
    private void validatePrincipals() {
        Map<String, String> holder = new LinkedHashMap<>();
        claim(holder, adminPrincipal, "admin.principal");
        mixers.values().forEach(m -> claim(holder, m.principal(), "mixer " + m.id()));
        services.values().forEach(s -> claim(holder, s.principal(), "service " + s.name()));
        auditor.ifPresent(a -> claim(holder, a.principal(), "the auditor"));
        clients.principals().forEach(p -> claim(holder, p, "the clients"));
    }

    private static void claim(Map<String, String> holder, String principal, String who) {
        String before = holder.putIfAbsent(principal, who);
        if (before != null) {
            throw new IllegalArgumentException(who + " must authenticate as a user of its own (least privilege),"
                    + " found user " + principal + " also used by " + before);
        }
    }

    /** The compacted topic every mixer publishes its signed descriptor to and everyone reads. */
    public String directoryTopic() {
        return directoryTopic;
    }

    /** The network-wide epoch clock; every mixer runs on it. */
    public EpochSchedule epochSchedule() {
        return epochSchedule;
    }

    /** Mixers by id, in the order described. */
    public Map<String, NetworkMixer> mixers() {
        return mixers;
    }

    /** Mixers of one role by id, in the order described. */
    public Map<String, NetworkMixer> mixers(MixerRole role) {
        Map<String, NetworkMixer> out = new LinkedHashMap<>();
        mixers.forEach((id, m) -> {
            if (m.role() == role) {
                out.put(id, m);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    public Map<String, NetworkMixer> forwardMixers() {
        return mixers(MixerRole.FORWARD);
    }

    public Map<String, NetworkMixer> responseMixers() {
        return mixers(MixerRole.RESPONSE);
    }

    /** Services by name, in the order described. */
    public Map<String, NetworkService> services() {
        return services;
    }

    public NetworkClients clients() {
        return clients;
    }

    public Optional<NetworkAuditor> auditor() {
        return auditor;
    }

    /** The user that provisions topics, users and ACLs: a super user of the cluster, granted no ACLs here. */
    public String adminPrincipal() {
        return adminPrincipal;
    }

    /**
     * Every topic of the network that is not a mixer's internal topic: ingress and dead-letter topics,
     * exits, reply inboxes and the directory, each once, in a stable order.
     */
    public Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(directoryTopic);
        for (NetworkMixer m : mixers.values()) {
            topics.add(m.config().ingressTopic());
            topics.add(m.config().deadLetterTopic());
            topics.addAll(m.config().outputTopics().values());
        }
        topics.addAll(clients.inboxTopics());
        return Collections.unmodifiableSet(topics);
    }

    /** Every user name of the network: administrator, mixers, services, auditor, clients. */
    public List<String> users() {
        List<String> users = new ArrayList<>();
        users.add(adminPrincipal);
        mixers.values().forEach(m -> users.add(m.principal()));
        services.values().forEach(s -> users.add(s.principal()));
        auditor.ifPresent(a -> users.add(a.principal()));
        users.addAll(clients.principals());
        return List.copyOf(users);
    }

    /**
     * Every user name to what it is, in the order of {@link #users()}: {@code administrator (super
     * user)}, {@code mixer mix-1}, {@code service echo}, {@code auditor}, {@code client}.
     */
    public Map<String, String> userRoles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put(adminPrincipal, "administrator (super user)");
        mixers.values()
                .forEach(m -> roles.put(
                        m.principal(), m.role().name().toLowerCase(java.util.Locale.ROOT) + " mixer " + m.id()));
        services.values().forEach(s -> roles.put(s.principal(), "service " + s.name()));
        auditor.ifPresent(a -> roles.put(a.principal(), "auditor"));
        clients.principals().forEach(p -> roles.put(p, "client"));
        return Collections.unmodifiableMap(roles);
    }

    /** Assembles a {@link NetworkDescription}; {@link #build()} checks everything. */
    public static final class Builder {
        private String directoryTopic;
        private EpochSchedule epochSchedule;
        private final Map<String, NetworkMixer> mixers = new LinkedHashMap<>();
        private final Map<String, NetworkService> services = new LinkedHashMap<>();
        private final List<String> clientPrincipals = new ArrayList<>();
        private List<String> inboxTopics;
        private ClientQuota clientQuota = ClientQuota.NONE;
        private String inboxGroupPrefix;
        private NetworkAuditor auditor;
        private String adminPrincipal = DEFAULT_ADMIN_PRINCIPAL;

        private Builder() {}

        public Builder directoryTopic(String topic) {
            this.directoryTopic = topic;
            return this;
        }

        /** The network's epoch clock; unset, the mixers' (which must then agree). */
        public Builder epochSchedule(EpochSchedule schedule) {
            this.epochSchedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder mixer(NetworkMixer mixer) {
            if (mixers.putIfAbsent(mixer.id(), mixer) != null) {
                throw new IllegalArgumentException("mixer " + mixer.id() + " is described twice");
            }
            return this;
        }

        public Builder service(NetworkService service) {
            if (services.putIfAbsent(service.name(), service) != null) {
                throw new IllegalArgumentException("service " + service.name() + " is described twice");
            }
            return this;
        }

        public Builder clientPrincipals(List<String> principals) {
            clientPrincipals.clear();
            clientPrincipals.addAll(principals);
            return this;
        }

        /** The inboxes clients read; unset, every response mixer's reply inbox. */
        public Builder inboxTopics(List<String> topics) {
            this.inboxTopics = List.copyOf(topics);
            return this;
        }

        /** Consumer groups (by prefix) clients may read the inbox in; unset, none (the Java SDK uses none). */
        public Builder clientInboxGroupPrefix(String prefix) {
            this.inboxGroupPrefix = prefix;
            return this;
        }

        public Builder clientQuota(ClientQuota quota) {
            this.clientQuota = Objects.requireNonNull(quota, "quota");
            return this;
        }

        public Builder auditor(NetworkAuditor auditor) {
            this.auditor = auditor;
            return this;
        }

        public Builder adminPrincipal(String principal) {
            this.adminPrincipal = principal;
            return this;
        }

        /** @throws IllegalArgumentException naming what was expected and what was found */
        public NetworkDescription build() {
            return new NetworkDescription(this);
        }
    }
}
