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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * PLAINTEXT listeners and no authentication.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int PORT_ATTEMPTS = 5;

    private final EmbeddedBrokerSettings settings;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(
            EmbeddedBrokerSettings settings,
            Path dataDir,
            boolean deleteDataOnClose,
            String bootstrapServers,
            KafkaRaftServer server,
            Duration startupTime) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        this.startupTime = startupTime;
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
        RuntimeException lastFailure = null;
        // A port picked free can be taken by someone else before the broker binds it: retry with new ports.
        int attempts = settings.port() == 0 ? PORT_ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            KafkaRaftServer server = null;
            try {
                int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
                int controllerPort =
                        settings.controllerPort() == 0 ? freePort(settings.host()) : settings.controllerPort();
                Properties props = brokerProperties(settings, dataDir, port, controllerPort);
                formatIfNeeded(
                        dataDir,
                        props,
                        settings.clusterId().orElseGet(() -> Uuid.randomUuid().toString()));
                server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                String bootstrap = hostForUrl(settings.host()) + ":" + port;
                awaitReady(bootstrap, settings.startupTimeout());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info(
                        "Embedded Kafka broker (node {}) ready at {} in {} ms (data in {})",
                        settings.nodeId(),
                        bootstrap,
                        took.toMillis(),
                        dataDir);
                return new EmbeddedKafkaBroker(settings, dataDir, deleteOnClose, bootstrap, server, took);
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

    /** Client properties that connect to this broker (PLAINTEXT, no authentication). */
    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's {@code log.dirs}: one directory per topic partition, the segments an operator can read. */
    public Path logDir() {
        return dataDir.resolve("logs");
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

    static Properties brokerProperties(EmbeddedBrokerSettings settings, Path dataDir, int port, int controllerPort) {
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
        p.put("log.dirs", dataDir.resolve("logs").toString()); // = logDir()
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
        settings.overrides().forEach(p::put);
        return p;
    }

    private static void formatIfNeeded(Path dataDir, Properties props, String clusterId) {
        Path logs = dataDir.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return; // a kept data directory from an earlier run
        }
        Path configFile = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "Embedded Kafka broker (generated)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"
                    },
                    ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("Formatting broker storage failed (exit " + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void awaitReady(String bootstrap, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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
