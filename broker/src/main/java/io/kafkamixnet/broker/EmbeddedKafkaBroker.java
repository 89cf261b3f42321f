package io.kafkamixnet.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, combined broker + controller) running inside this JVM: a single-node
 * cluster by default, or one node of a multi-node cluster when its settings name a
 * {@linkplain EmbeddedBrokerSettings#controllerQuorum() controller quorum} (see {@link EmbeddedKafkaCluster}).
 *
 * <p>It formats its storage with Kafka's own {@code StorageTool}, starts {@code KafkaRaftServer} on
 * loopback ports and waits until the broker answers metadata requests. {@link #close()} stops it
 * and, unless the data directory was given by the caller or {@code keepData} was set, deletes it.
 *
 * <p>Security contract: it binds only to loopback addresses unless
 * {@link EmbeddedBrokerSettings.Builder#allowNonLoopback(boolean)} is set, because it runs with
 * PLAINTEXT listeners and no authentication, or, in {@linkplain EmbeddedBrokerSettings#secure() secured
 * mode}, with SASL over unencrypted connections.
 *
 * <p>Secured mode: the client and inter-broker listener is {@code SASL_PLAINTEXT} with SCRAM-SHA-512,
 * the controller listener {@code SASL_PLAINTEXT} with PLAIN (KRaft controllers cannot check SCRAM: the
 * credentials live in the metadata they serve), both logging in as the super user, whose SCRAM
 * credential is formatted into the metadata log so the broker can log in before any user exists.
 * Authorization is KRaft's {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}
 * and the super user as the only {@code super.users} entry. {@link #clientProperties()} logs in as the
 * super user; {@link #createScramUser(String)} adds users through {@code Admin.alterUserScramCredentials}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int PORT_ATTEMPTS = 5;
    /** PBKDF2 iterations of the SCRAM credentials it creates (Kafka's minimum for SHA-512 is 4096). */
    private static final int SCRAM_ITERATIONS = 8192;

    private final EmbeddedBrokerSettings settings;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    /** Null unless secured. */
    private final ScramUser superUser;

    private volatile boolean closed;

    private EmbeddedKafkaBroker(
            EmbeddedBrokerSettings settings,
            Path dataDir,
            boolean deleteDataOnClose,
            String bootstrapServers,
            KafkaRaftServer server,
            Duration startupTime,
            ScramUser superUser) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.startupTime = startupTime;
        this.superUser = superUser;
    }

    /** Starts a broker with default settings: ephemeral loopback ports and a temporary data directory. */
    public static EmbeddedKafkaBroker start() {
        return start(EmbeddedBrokerSettings.builder().build());
    }

    /** Formats storage, starts the broker and blocks until it serves metadata. */
    public static EmbeddedKafkaBroker start(EmbeddedBrokerSettings settings) {
        requireLoopbackUnlessAllowed(settings);
        long started = System.nanoTime();
        boolean tempDir = settings.dataDir().isEmpty();
        Path dataDir;
        try {
            dataDir = tempDir
                    ? Files.createTempDirectory("mixnet-kafka-")
                    : Files.createDirectories(settings.dataDir().get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory", e);
        }
        boolean deleteOnClose = tempDir && !settings.keepData();
        ScramUser superUser = settings.secure() ? SuperUserPassword.resolve(settings, dataDir) : null;
        RuntimeException lastFailure = null;
        // A port picked free can be taken by someone else before the broker binds it: retry with new ports.
        int attempts = settings.port() == 0 ? PORT_ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            KafkaRaftServer server = null;
            try {
                int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
                int controllerPort =
                        settings.controllerPort() == 0 ? freePort(settings.host()) : settings.controllerPort();
                Properties props = brokerProperties(settings, dataDir, port, controllerPort, superUser);
                formatIfNeeded(
                        dataDir,
                        props,
                        settings.clusterId().orElseGet(() -> Uuid.randomUuid().toString()),
                        superUser);
                server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                String bootstrap = hostForUrl(settings.host()) + ":" + port;
                awaitReady(clientConfig(bootstrap, superUser), settings.startupTimeout());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info(
                        "Embedded Kafka broker (node {}) ready at {}{} in {} ms (data in {})",
                        settings.nodeId(),
                        bootstrap,
                        superUser == null ? "" : " (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs enforced)",
                        took.toMillis(),
                        dataDir);
                return new EmbeddedKafkaBroker(settings, dataDir, deleteOnClose, bootstrap, server, took, superUser);
            } catch (RuntimeException e) {
                lastFailure = e;
                LOG.warn("Embedded broker start attempt {} of {} failed: {}", attempt, attempts, e.toString());
                if (server != null) {
                    stopQuietly(server);
                }
            }
        }
        if (deleteOnClose) {
            DataDirectories.deleteRecursively(dataDir);
        }
        throw new IllegalStateException(
                "Embedded Kafka broker did not start after " + attempts + " attempt(s)", lastFailure);
    }

    /** {@code host:port} to give Kafka clients as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** This broker's {@code node.id}. */
    public int nodeId() {
        return settings.nodeId();
    }

    /**
     * Client properties that connect to this broker: PLAINTEXT without authentication, or, secured,
     * logged in as the super user (they then hold its password).
     */
    public Map<String, Object> clientProperties() {
        return Map.copyOf(clientConfig(bootstrapServers, superUser));
    }

    private static Map<String, Object> clientConfig(String bootstrap, ScramUser user) {
        Map<String, Object> c = new HashMap<>();
        if (user != null) {
            c.putAll(user.saslProperties());
        }
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return c;
    }

    /** Whether clients must log in and hold ACLs (see {@link EmbeddedBrokerSettings#secure()}). */
    public boolean secure() {
        return superUser != null;
    }

    /** The super user of a secured broker; empty when not secured. */
    public Optional<ScramUser> superUser() {
        return Optional.ofNullable(superUser);
    }

    /**
     * Creates (or resets) SCRAM-SHA-512 user {@code name} with a random password, as the super user
     * through {@code Admin.alterUserScramCredentials}, and returns once the user can log in.
     *
     * @throws IllegalStateException if the broker is not secured, or the user cannot log in within
     *     the startup timeout
     */
    public ScramUser createScramUser(String name) {
        return createScramUser(new ScramUser(name, SuperUserPassword.random()));
    }

    /** As {@link #createScramUser(String)} with the given password. */
    public ScramUser createScramUser(ScramUser user) {
        if (superUser == null) {
            throw new IllegalStateException("broker at " + bootstrapServers
                    + " is not secured (EmbeddedBrokerSettings.secure): it has no users");
        }
        try (Admin admin = Admin.create(clientProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user.name(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            user.password())))
                    .all()
                    .get(settings.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create SCRAM user " + user.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating SCRAM user " + user.name(), e);
        }
        // The credential reaches the broker's cache through the metadata log: wait until it logs in.
        awaitReady(clientConfig(bootstrapServers, user), settings.startupTimeout());
        LOG.info("SCRAM user {} created", user.name());
        return user;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Wall-clock time from {@link #start} until the broker served metadata. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Blocks until the broker has stopped (after {@link #close()} from another thread). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Stops the broker, waits for it to finish, and deletes temporary data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(server);
        if (deleteDataOnClose) {
            DataDirectories.deleteRecursively(dataDir);
        }
        LOG.info(
                "Embedded Kafka broker at {} stopped{}",
                bootstrapServers,
                deleteDataOnClose ? " and its data deleted" : "; data kept in " + dataDir);
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers + ", dataDir=" + dataDir + "]";
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping the embedded broker", e);
        }
    }

    /** The properties of an unsecured node (secured ones need the super user's password). */
    static Properties brokerProperties(EmbeddedBrokerSettings settings, Path dataDir, int port, int controllerPort) {
        if (settings.secure()) {
            throw new IllegalArgumentException("a secured node's properties need its super user");
        }
        return brokerProperties(settings, dataDir, port, controllerPort, null);
    }

    static Properties brokerProperties(
            EmbeddedBrokerSettings settings, Path dataDir, int port, int controllerPort, ScramUser superUser) {
        String host = hostForUrl(settings.host());
        ControllerQuorum quorum = settings.controllerQuorum()
                .orElseGet(() -> ControllerQuorum.of(
                        List.of(new ControllerQuorum.Voter(settings.nodeId(), host, controllerPort))));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(settings.nodeId()));
        p.put("controller.quorum.voters", quorum.toString());
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        // Internal topics as a production cluster of this size has them: one replica on a single node;
        // three, two of them in sync for a write to count, from three brokers up.
        String replicas = Short.toString(quorum.internalReplicationFactor());
        String minIsr = Integer.toString(quorum.minInSyncReplicas());
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        // Speed and memory on a laptop-sized machine.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        // Topics are provisioned deliberately (TopicProvisioner), never by accident.
        p.put("auto.create.topics.enable", "false");
        p.put("delete.topic.enable", "true");
        if (superUser != null) {
            secure(p, host, port, controllerPort, superUser);
        }
        settings.overrides().forEach(p::put);
        return p;
    }

    /** The secured-mode listeners, SASL and authorizer settings (see the class comment). */
    private static void secure(Properties p, String host, int port, int controllerPort, ScramUser superUser) {
        p.put("listeners", "SASL_PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://" + host + ":" + port);
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", ScramUser.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
        p.put(
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                superUser.jaasConfig("org.apache.kafka.common.security.scram.ScramLoginModule", ""));
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                superUser.jaasConfig(
                        "org.apache.kafka.common.security.plain.PlainLoginModule",
                        " user_" + superUser.name() + "=\"" + superUser.password() + "\""));
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", superUser.principal());
    }

    private static void formatIfNeeded(Path dataDir, Properties props, String clusterId, ScramUser superUser) {
        Path logs = dataDir.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return; // a kept data directory from an earlier run
        }
        Path configFile = dataDir.resolve("server.properties");
        try {
            // Secured, it holds the super user's password: owner-only, as the password file.
            SuperUserPassword.writeOwnerOnly(configFile, "");
            try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(w, "Embedded Kafka broker (generated)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile, e);
        }
        List<String> args = new ArrayList<>(
                List.of("format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"));
        if (superUser != null) {
            // The broker logs in to itself as the super user before any user could be created through it.
            args.add("--add-scram");
            args.add(ScramUser.MECHANISM + "=[name=" + superUser.name() + ",password=" + superUser.password() + "]");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(String[]::new), ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("Formatting broker storage failed (exit " + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void awaitReady(Map<String, Object> clientConfig, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        String bootstrap = (String) clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    // describeCluster lists only registered, unfenced brokers: non-empty means ready.
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Broker at {} not ready yet: {}", bootstrap, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the broker", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Broker at " + bootstrap + " not ready within " + timeout);
                }
                sleep(100);
            }
        }
    }

    private static void requireLoopbackUnlessAllowed(EmbeddedBrokerSettings settings) {
        if (settings.allowNonLoopback()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(settings.host())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("Embedded broker host must be a loopback address, found "
                            + settings.host() + " (" + address.getHostAddress()
                            + "): it has no authentication, so it listens on loopback only (127.0.0.0/8, ::1). For a broker"
                            + " other hosts reach, run Kafka itself (or embed this one with"
                            + " EmbeddedBrokerSettings.Builder.allowNonLoopback, at your own risk).");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown embedded broker host: " + settings.host(), e);
        }
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + host, e);
        }
    }

    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }
}
