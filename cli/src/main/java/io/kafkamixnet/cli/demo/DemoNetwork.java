package io.kafkamixnet.cli.demo;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.broker.ScramUser;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.client.service.RequestHandler;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.network.AclProvisioner;
import io.kafkamixnet.network.NetworkAuditor;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.NetworkMixer;
import io.kafkamixnet.network.NetworkService;
import io.kafkamixnet.network.NetworkTopics;
import io.kafkamixnet.network.RoleAcls;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole mix network on one Kafka cluster: two forward mixers, one response mixer, an echo service
 * and N clients, each with its own keys, topics and Kafka clients, exactly as separate operators
 * would run them — only in one process.
 *
 * <p>Every client route crosses both forward mixers (2 hops of 2 distinct mixers, in a random order
 * per packet), exits to {@code echo}, and comes back through the response mixer to the shared reply
 * inbox. Topic names carry a random run id, so runs on a shared cluster never collide.
 *
 * <p>Secured ({@link #startSecured}): every mixer, the service, each client and an auditor log in as a
 * SCRAM user of their own and hold only the ACLs {@link RoleAcls} computes from the network's
 * {@link #description()}; the cluster settings given are the super user's, used only to create the
 * topics (mixers run with {@code topics.provision=none}), the users, the ACLs and the client quotas.
 */
public final class DemoNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoNetwork.class);

    public static final String SERVICE = "echo";
    public static final List<String> FORWARD_MIXERS = List.of("mix-1", "mix-2");
    public static final String RESPONSE_MIXER = "resp-1";

    private final ClientSettings cluster;
    private final DemoSettings settings;
    private final Path workDir;
    private final String runId;
    private final Map<String, MixerApplication> mixers = new LinkedHashMap<>();
    private final List<MixnetClient> clients = new ArrayList<>();
    private MixnetService service;
    private ServiceSetup serviceSetup = ServiceSetup.ECHO;
    private DemoService demoService;

    private final Map<String, String> clientOnlyProperties;
    private Duration startupTimeout = StartupRetry.DEFAULT_TIMEOUT;
    /** Null unless secured. */
    private DemoUsers users;

    private final Map<String, ScramUser> scramUsers = new LinkedHashMap<>();
    private NetworkDescription description;

    private DemoNetwork(
            ClientSettings cluster, DemoSettings settings, Path workDir, Map<String, String> clientOnlyProperties) {
        this.cluster = cluster;
        this.settings = settings;
        this.workDir = workDir;
        this.clientOnlyProperties = Map.copyOf(clientOnlyProperties);
        this.runId = UUID.randomUUID().toString().substring(0, 8);
    }

    /** Topic names of this run. */
    public String directoryTopic() {
        return "mixnet-demo-" + runId + ".directory";
    }

    public String replyInboxTopic() {
        return "mixnet-demo-" + runId + ".replies";
    }

    public String exitTopic() {
        return "mixnet-demo-" + runId + ".exit." + SERVICE;
    }

    public String ingressTopic(String mixerId) {
        return "mixnet-demo-" + runId + "." + mixerId + ".in";
    }

    /**
     * What every topic of this run starts with: its own topics ({@code <prefix>.}) and the internal
     * topics of its mixers' Kafka Streams applications ({@code <prefix>-<mixer>-...}).
     */
    public String namePrefix() {
        return "mixnet-demo-" + runId;
    }

    /** Starts the mixers (which publish their descriptors), the service and the clients. */
    public static DemoNetwork start(ClientSettings cluster, DemoSettings settings, Path workDir, StepListener steps)
            throws IOException, InterruptedException {
        return start(cluster, settings, workDir, steps, Map.of());
    }

    /**
     * As {@link #start(ClientSettings, DemoSettings, Path, StepListener)}, with Kafka properties that only
     * the simulated clients use (e.g. a {@code client.id} or {@code interceptor.classes}).
     */
    public static DemoNetwork start(
            ClientSettings cluster,
            DemoSettings settings,
            Path workDir,
            StepListener steps,
            Map<String, String> clientOnlyProperties)
            throws IOException, InterruptedException {
        return start(cluster, settings, workDir, steps, clientOnlyProperties, StartupRetry.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #start(ClientSettings, DemoSettings, Path, StepListener, Map)}, with how long each component's
     * start-up waits out transient cluster errors: the mixers' {@code startup.retry.timeout}, the start
     * timeout of the service and of each client.
     */
    public static DemoNetwork start(
            ClientSettings cluster,
            DemoSettings settings,
            Path workDir,
            StepListener steps,
            Map<String, String> clientOnlyProperties,
            Duration startupTimeout)
            throws IOException, InterruptedException {
        return start(cluster, settings, workDir, steps, clientOnlyProperties, startupTimeout, ServiceSetup.ECHO);
    }

    /**
     * As {@link #start(ClientSettings, DemoSettings, Path, StepListener, Map, Duration)}, with what answers the
     * requests: {@link ServiceSetup#ECHO} (an in-process echo handler) or e.g. the HTTP bridge
     * ({@link HttpDemoService}).
     */
    public static DemoNetwork start(
            ClientSettings cluster,
            DemoSettings settings,
            Path workDir,
            StepListener steps,
            Map<String, String> clientOnlyProperties,
            Duration startupTimeout,
            ServiceSetup serviceSetup)
            throws IOException, InterruptedException {
        DemoNetwork network = new DemoNetwork(cluster, settings, workDir, clientOnlyProperties);
        network.startupTimeout = java.util.Objects.requireNonNull(startupTimeout, "startupTimeout");
        network.serviceSetup = java.util.Objects.requireNonNull(serviceSetup, "serviceSetup");
        return network.startedOrClosed(steps);
    }

    /** As {@link #startSecured(ClientSettings, DemoUsers, DemoSettings, Path, StepListener, Duration, ServiceSetup)}, answered by the echo service. */
    public static DemoNetwork startSecured(
            ClientSettings superUser,
            DemoUsers users,
            DemoSettings settings,
            Path workDir,
            StepListener steps,
            Duration startupTimeout)
            throws IOException, InterruptedException {
        return startSecured(superUser, users, settings, workDir, steps, startupTimeout, ServiceSetup.ECHO);
    }

    /**
     * As {@link #start(ClientSettings, DemoSettings, Path, StepListener, Map, Duration, ServiceSetup)}, secured: {@code
     * superUser} reaches the cluster as its super user, {@code users} makes one SCRAM user per role.
     */
    public static DemoNetwork startSecured(
            ClientSettings superUser,
            DemoUsers users,
            DemoSettings settings,
            Path workDir,
            StepListener steps,
            Duration startupTimeout,
            ServiceSetup serviceSetup)
            throws IOException, InterruptedException {
        DemoNetwork network = new DemoNetwork(superUser, settings, workDir, Map.of());
        network.startupTimeout = java.util.Objects.requireNonNull(startupTimeout, "startupTimeout");
        network.users = java.util.Objects.requireNonNull(users, "users");
        network.serviceSetup = java.util.Objects.requireNonNull(serviceSetup, "serviceSetup");
        return network.startedOrClosed(steps);
    }

    /** Starts every part and returns this; if any fails, closes what started and rethrows. */
    private DemoNetwork startedOrClosed(StepListener steps) throws IOException, InterruptedException {
        try {
            startAll(steps);
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Told of each step as it completes, for the demo's narration. */
    public interface StepListener {
        void step(String description);
    }

    /** What answers the demo's requests on the exit topic of {@link #SERVICE}, and how the demo checks replies. */
    public interface DemoService extends AutoCloseable {
        RequestHandler handler();

        /** For the narration, e.g. "the echo service". */
        String description();

        /** Whether every reply must equal its request byte for byte (else any OK reply counts as answered). */
        boolean echoes();

        @Override
        default void close() {}
    }

    /** Creates the {@link DemoService} once the mixers run (it may need the directory and their identities). */
    public interface ServiceSetup {
        ServiceSetup ECHO = (network, trustedIdentities, cluster) -> new DemoService() {
            @Override
            public RequestHandler handler() {
                return request -> request;
            }

            @Override
            public String description() {
                return "the echo service";
            }

            @Override
            public boolean echoes() {
                return true;
            }
        };

        DemoService create(DemoNetwork network, List<String> trustedIdentities, ClientSettings cluster)
                throws IOException;
    }

    private void startAll(StepListener steps) throws IOException, InterruptedException {
        EpochSchedule schedule = EpochSchedule.of(settings.epochLength(), settings.epochGrace());
        SecureRandom random = new SecureRandom();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        for (String id : FORWARD_MIXERS) {
            MixerKeys.provision(keyDir(id), epoch, 2, random);
        }
        MixerKeys.provision(keyDir(RESPONSE_MIXER), epoch, 2, random);
        steps.step("Generated X25519 epoch keys, pool-store keys and Ed25519 identities for "
                + String.join(", ", FORWARD_MIXERS) + " and " + RESPONSE_MIXER);

        Map<String, MixerConfig> configs = new LinkedHashMap<>();
        for (String id : FORWARD_MIXERS) {
            configs.put(id, MixerConfig.fromMap(forwardConfig(id), workDir));
        }
        configs.put(RESPONSE_MIXER, MixerConfig.fromMap(responseConfig(), workDir));
        if (secured()) {
            secure(configs, steps);
        }
        for (MixerConfig config : configs.values()) {
            mixers.put(config.mixerId(), MixerApplication.create(config, clusterFor(config.mixerId())));
        }
        // Start in parallel: each start provisions topics, publishes a descriptor and joins its group.
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            starts.add(CompletableFuture.runAsync(m::start));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // The mixer's own error (e.g. a StartupException naming the step and the last error), not its wrapper.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        Duration running = startupTimeout.plusSeconds(60);
        for (MixerApplication m : mixers.values()) {
            if (!m.awaitRunning(running)) {
                throw new IllegalStateException("mixer " + m.config().mixerId() + " did not reach RUNNING within "
                        + running.toSeconds() + " s"
                        + m.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
        }
        steps.step("Started forward mixers " + String.join(" and ", FORWARD_MIXERS) + " and response mixer "
                + RESPONSE_MIXER
                + " (" + settings.strategy().label() + ", exactly_once_v2); each published a signed descriptor to "
                + directoryTopic());

        TrustPolicy trust = trustPolicy();
        demoService = serviceSetup.create(this, trustedIdentities(), clusterFor(SERVICE_USER));
        service = MixnetService.builder()
                .clientConfig(clusterFor(SERVICE_USER))
                .exitTopic(exitTopic())
                .groupId(serviceGroupId())
                .directoryTopic(directoryTopic())
                .trustPolicy(trust)
                .handler(demoService.handler())
                .startTimeout(startupTimeout)
                .build()
                .start();
        steps.step("Started " + demoService.description() + " on " + exitTopic());

        for (int i = 0; i < settings.clients(); i++) {
            Map<String, Object> clientConfig =
                    new HashMap<>(clusterFor(clientUser(clients.size())).asClientConfig());
            clientConfig.putAll(clientOnlyProperties);
            clientConfig.computeIfPresent("client.id", (k, v) -> v + "-" + clients.size());
            clients.add(MixnetClient.builder()
                    .clientConfig(clientConfig)
                    .directoryTopic(directoryTopic())
                    .trustPolicy(trust)
                    .replyInboxTopic(replyInboxTopic())
                    .forwardHops(FORWARD_MIXERS.size())
                    .replyHops(1)
                    .hopDelay(settings.strategy().hopDelay())
                    .epochSchedule(schedule)
                    .requestTimeout(settings.requestTimeout())
                    // A round trip here takes a few seconds: with a short grace (fast key rotation) build
                    // requests with the next epoch's keys during the last 2 s before they would expire.
                    .minKeyLifetime(minKeyLifetime())
                    .coverTraffic(settings.coverPacketsPerSecondPerClient())
                    .startTimeout(startupTimeout)
                    .build());
        }
        steps.step(
                "Started " + settings.clients() + " clients: each read the directory (trusting the 3 mixer identities),"
                        + " reads the shared reply inbox " + replyInboxTopic() + " and sends "
                        + (settings.coverPacketsPerSecondPerClient() > 0
                                ? "Poisson drop cover traffic (" + settings.coverPacketsPerSecondPerClient() + "/s)"
                                : "no cover traffic"));
    }

    private Duration minKeyLifetime() {
        Duration lifetime = settings.epochGrace().plusSeconds(2);
        return lifetime.compareTo(MixnetClient.DEFAULT_MIN_KEY_LIFETIME) < 0
                ? lifetime
                : MixnetClient.DEFAULT_MIN_KEY_LIFETIME;
    }

    private TrustPolicy trustPolicy() {
        return TrustPolicy.trustingHex(trustedIdentities());
    }

    /** The mixers' identity keys, hex. */
    private List<String> trustedIdentities() {
        List<String> identities = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            identities.add(m.identity()
                    .orElseThrow(() -> new IllegalStateException(
                            "mixer " + m.config().mixerId() + " has no identity: it cannot publish a descriptor")));
        }
        return identities;
    }

    private Map<String, String> commonConfig(String id) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mixer.id", id);
        c.put("mixer.application-id", "mixnet-demo-" + runId + "-" + id);
        c.putAll(settings.strategy().mixerProperties());
        c.put("topic.ingress", ingressTopic(id));
        c.put("keys.dir", keyDir(id).toString());
        c.put("epoch.length", settings.epochLength().toMillis() + "ms");
        c.put("epoch.grace", settings.epochGrace().toMillis() + "ms");
        c.put("directory.topic", directoryTopic());
        c.put("state.dir", workDir.resolve("state").resolve(id).toString());
        c.put("processing.guarantee", "exactly_once_v2");
        // Secured, the mixers may not create topics: the administrator does (secure()).
        c.put("topics.provision", secured() ? "none" : "all");
        // Every topic the mixer creates, its Kafka Streams changelogs included, gets this many replicas.
        c.put("topics.replication-factor", Short.toString(settings.replicationFactor()));
        c.put("startup.retry.timeout", startupTimeout.toMillis() + "ms");
        // Commit (and so release transactions) often: the demo measures latency in hundreds of ms.
        c.put("kafka.commit.interval.ms", "100");
        if (!secured()) {
            // Secured, these are the super user's: each mixer logs in with its own (clusterFor).
            cluster.properties().forEach((k, v) -> c.put("kafka." + k, v));
        }
        c.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        if (settings.metricsPort() >= 0) {
            int index = new ArrayList<>(allMixerIds()).indexOf(id);
            c.put("metrics.port", Integer.toString(settings.metricsPort() == 0 ? 0 : settings.metricsPort() + index));
        }
        return c;
    }

    private static List<String> allMixerIds() {
        List<String> ids = new ArrayList<>(FORWARD_MIXERS);
        ids.add(RESPONSE_MIXER);
        return ids;
    }

    /** Where each mixer serves {@code /metrics} (empty unless the settings ask for metrics), by mixer id. */
    public Map<String, java.net.URI> metricsEndpoints() {
        Map<String, java.net.URI> endpoints = new LinkedHashMap<>();
        mixers.forEach((id, m) -> m.metricsUri().ifPresent(uri -> endpoints.put(id, uri)));
        return endpoints;
    }

    private Map<String, String> forwardConfig(String id) {
        Map<String, String> c = commonConfig(id);
        c.put("mixer.role", "forward");
        for (String other : FORWARD_MIXERS) {
            if (!other.equals(id)) {
                c.put("next-hop." + other, ingressTopic(other));
            }
        }
        c.put("exit." + SERVICE, exitTopic());
        if (settings.defences()) {
            c.putAll(DemoSettings.DEFENCE_PROPERTIES);
        }
        return c;
    }

    private Map<String, String> responseConfig() {
        Map<String, String> c = commonConfig(RESPONSE_MIXER);
        c.put("mixer.role", "response");
        c.put("topic.reply-inbox", replyInboxTopic());
        return c;
    }

    /** The user of the echo service in a secured demo. */
    public static final String SERVICE_USER = "service-echo";
    /** The auditor's user in a secured demo. */
    public static final String AUDITOR_USER = "auditor";

    /** The user of simulated client {@code index} (from 0) in a secured demo. */
    public static String clientUser(int index) {
        return "client-" + (index + 1);
    }

    public String serviceGroupId() {
        return "mixnet-demo-" + runId + "-echo";
    }

    private boolean secured() {
        return users != null;
    }

    /** The settings {@code user} connects with: its own login when secured, the given cluster settings otherwise. */
    private ClientSettings clusterFor(String user) {
        if (!secured()) {
            return cluster;
        }
        ScramUser u = scramUsers.get(user);
        if (u == null) {
            throw new IllegalStateException(
                    "no user " + user + " in this secured demo; expected one of " + scramUsers.keySet());
        }
        return ClientSettings.of(cluster.bootstrapServers(), u.saslProperties());
    }

    /**
     * The administrator's part of a secured start: describe the network, create its topics, one SCRAM
     * user per role and the least-privilege ACLs and client quotas of each.
     */
    private void secure(Map<String, MixerConfig> configs, StepListener steps) {
        NetworkDescription.Builder b = NetworkDescription.builder().directoryTopic(directoryTopic());
        configs.values().forEach(c -> b.mixer(new NetworkMixer(c, c.mixerId(), Optional.empty())));
        b.service(new NetworkService(SERVICE, SERVICE_USER, exitTopic(), serviceGroupId(), List.of(RESPONSE_MIXER)));
        List<String> clientUsers = new ArrayList<>();
        for (int i = 0; i < settings.clients(); i++) {
            clientUsers.add(clientUser(i));
        }
        b.clientPrincipals(clientUsers);
        b.clientQuota(DemoQuota.CLIENT);
        b.auditor(new NetworkAuditor(AUDITOR_USER, Optional.empty()));
        description = b.build();
        RoleAcls acls = RoleAcls.of(description);
        AclProvisioner.Result applied;
        try (Admin admin = Admin.create(cluster.asClientConfig())) {
            List<TopicSpec> specs = NetworkTopics.specs(description);
            TopicSpec directory = NetworkTopics.directorySpec(description);
            StartupRetry retry = StartupRetry.of(startupTimeout);
            new TopicProvisioner(admin, retry)
                    .ensure(specs.stream().filter(t -> !t.equals(directory)).toList());
            DirectoryTopics.ensure(admin, directory, retry);
            for (String user : description.users()) {
                if (!user.equals(description.adminPrincipal())) {
                    scramUsers.put(user, users.create(user));
                }
            }
            applied = new AclProvisioner(admin, startupTimeout).apply(acls);
        }
        steps.step("Secured: created " + specs(description) + " topics as the administrator, "
                + scramUsers.size() + " SCRAM users (" + String.join(", ", scramUsers.keySet()) + "), "
                + (applied.created() + applied.alreadyPresent()) + " least-privilege ACLs and "
                + applied.quotasSet() + " client quotas; every component logs in as its own user");
    }

    private static int specs(NetworkDescription d) {
        return NetworkTopics.specs(d).size();
    }

    /** The secured demo's network as described for its ACLs; empty unless secured. */
    public Optional<NetworkDescription> description() {
        return Optional.ofNullable(description);
    }

    /** The SCRAM users of a secured demo by name; empty unless secured. */
    public Map<String, ScramUser> users() {
        return java.util.Collections.unmodifiableMap(scramUsers);
    }

    /** The cluster's address. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    private Path keyDir(String mixerId) {
        return workDir.resolve("keys").resolve(mixerId);
    }

    public Map<String, MixerApplication> mixers() {
        return mixers;
    }

    public List<MixnetClient> clients() {
        return clients;
    }

    public MixnetService service() {
        return service;
    }

    public DemoSettings settings() {
        return settings;
    }

    /** Whether every reply must equal its request (the echo services) or any OK reply counts. */
    public boolean serviceEchoes() {
        return demoService == null || demoService.echoes();
    }

    /** Stops clients first (no more cover traffic), then the service, then all mixers in parallel. */
    @Override
    public void close() {
        for (MixnetClient c : clients) {
            closeQuietly(c, "client");
        }
        if (service != null) {
            closeQuietly(service, "echo service");
        }
        if (demoService != null) {
            closeQuietly(demoService, demoService.description());
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            closing.add(CompletableFuture.runAsync(
                    () -> closeQuietly(m, "mixer " + m.config().mixerId())));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} failed: {}", what, e.toString());
        }
    }
}
