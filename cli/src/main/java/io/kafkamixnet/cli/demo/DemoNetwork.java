package io.kafkamixnet.cli.demo;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixerKeys;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    private final Map<String, String> clientOnlyProperties;
    private Duration startupTimeout = StartupRetry.DEFAULT_TIMEOUT;

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
        DemoNetwork network = new DemoNetwork(cluster, settings, workDir, clientOnlyProperties);
        network.startupTimeout = java.util.Objects.requireNonNull(startupTimeout, "startupTimeout");
        try {
            network.startAll(steps);
            return network;
        } catch (IOException | InterruptedException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Told of each step as it completes, for the demo's narration. */
    public interface StepListener {
        void step(String description);
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

        for (String id : FORWARD_MIXERS) {
            mixers.put(id, MixerApplication.create(MixerConfig.fromMap(forwardConfig(id), workDir), cluster));
        }
        mixers.put(RESPONSE_MIXER, MixerApplication.create(MixerConfig.fromMap(responseConfig(), workDir), cluster));
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
        service = MixnetService.builder()
                .clientConfig(cluster)
                .exitTopic(exitTopic())
                .groupId("mixnet-demo-" + runId + "-echo")
                .directoryTopic(directoryTopic())
                .trustPolicy(trust)
                .handler(request -> request)
                .startTimeout(startupTimeout)
                .build()
                .start();
        steps.step("Started the echo service on " + exitTopic());

        for (int i = 0; i < settings.clients(); i++) {
            Map<String, Object> clientConfig = new HashMap<>(cluster.asClientConfig());
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
        List<String> identities = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            identities.add(m.identity()
                    .orElseThrow(() -> new IllegalStateException(
                            "mixer " + m.config().mixerId() + " has no identity: it cannot publish a descriptor")));
        }
        return TrustPolicy.trustingHex(identities);
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
        c.put("topics.provision", "all");
        // Every topic the mixer creates, its Kafka Streams changelogs included, gets this many replicas.
        c.put("topics.replication-factor", Short.toString(settings.replicationFactor()));
        c.put("startup.retry.timeout", startupTimeout.toMillis() + "ms");
        // Commit (and so release transactions) often: the demo measures latency in hundreds of ms.
        c.put("kafka.commit.interval.ms", "100");
        cluster.properties().forEach((k, v) -> c.put("kafka." + k, v));
        c.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        return c;
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

    /** Stops clients first (no more cover traffic), then the service, then all mixers in parallel. */
    @Override
    public void close() {
        for (MixnetClient c : clients) {
            closeQuietly(c, "client");
        }
        if (service != null) {
            closeQuietly(service, "echo service");
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
