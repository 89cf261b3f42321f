package io.kafkamixnet.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of N KRaft nodes inside this JVM, each a combined broker + controller with its
 * own loopback ports and data directory, all voters of one static controller quorum. With three nodes
 * the broker's internal topics have three replicas and {@code min.insync.replicas} is 2, as a
 * production cluster has them: one node can be lost without losing or refusing acknowledged writes.
 *
 * <p>{@link #stopNode} shuts one node down cleanly (a controlled shutdown: the controller moves its
 * leaderships away first) and {@link #startNode} brings it back on the same ports and data. A node in
 * this JVM cannot be killed abruptly; to {@code kill -9} a broker, run each node as its own process
 * ({@code mixnet broker --node-id ...} with a shared {@link ClusterPlan}).
 *
 * <p>Memory: about 250 MB of heap per node under light load.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final ClusterPlan plan;
    private final EmbeddedBrokerSettings base;
    private final Path root;
    private final boolean deleteOnClose;
    private final Map<Integer, EmbeddedKafkaBroker> running = new TreeMap<>();
    private Duration startupTime = Duration.ZERO;
    private boolean closed;

    private EmbeddedKafkaCluster(ClusterPlan plan, EmbeddedBrokerSettings base, Path root, boolean deleteOnClose) {
        this.plan = plan;
        this.base = base;
        this.root = root;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts {@code nodes} nodes on free loopback ports with temporary data. */
    public static EmbeddedKafkaCluster start(int nodes) {
        return start(nodes, EmbeddedBrokerSettings.builder().build());
    }

    /**
     * Starts {@code nodes} nodes and blocks until every one of them is a registered broker.
     *
     * @param base host, overrides, timeouts and data directory for every node: a given data directory holds
     *     one sub-directory per node ({@code node-1}, ...) and is kept, and a cluster formatted there before
     *     keeps its cluster id; a non-zero port gives node {@code i} the client port {@code port + i - 1}
     * @throws IllegalArgumentException if {@code nodes} is not 1..{@value ClusterPlan#MAX_NODES}
     * @throws IllegalStateException if a node does not start within the start-up timeout
     */
    public static EmbeddedKafkaCluster start(int nodes, EmbeddedBrokerSettings base) {
        long started = System.nanoTime();
        ClusterPlan fresh = ClusterPlan.onFreePorts(nodes, base.host(), base.port());
        boolean tempDir = base.dataDir().isEmpty();
        Path root;
        try {
            root = tempDir
                    ? Files.createTempDirectory("mixnet-kafka-cluster-")
                    : Files.createDirectories(base.dataDir().get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the cluster data directory", e);
        }
        // A kept directory was formatted with a cluster id of its own: every node must keep using it.
        ClusterPlan plan = formattedClusterId(root)
                .map(id -> new ClusterPlan(fresh.host(), id, fresh.quorum(), fresh.clientPorts()))
                .orElse(fresh);
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(plan, base, root, tempDir && !base.keepData());
        try {
            cluster.startNodes(plan.nodeIds(), base.startupTimeout());
            cluster.awaitBrokers(nodes, base.startupTimeout());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(
                "Embedded Kafka cluster of {} nodes ready at {} in {} ms (data in {})",
                nodes,
                plan.bootstrapServers(),
                cluster.startupTime.toMillis(),
                root);
        return cluster;
    }

    /** Every node's client listener, comma-separated: {@code bootstrap.servers} for Kafka clients. */
    public String bootstrapServers() {
        return plan.bootstrapServers();
    }

    /** Client properties that connect to this cluster (PLAINTEXT, no authentication). */
    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Ports, quorum and cluster id of the nodes. */
    public ClusterPlan plan() {
        return plan;
    }

    /** Node ids, {@code 1..n}. */
    public List<Integer> nodeIds() {
        return plan.nodeIds();
    }

    /** The root data directory; node {@code i} keeps its data in {@code node-i} below it. */
    public Path dataDir() {
        return root;
    }

    /** Wall-clock time from {@link #start} until every node was a registered broker. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether a node is running (started and not stopped). */
    public synchronized boolean isRunning(int nodeId) {
        return running.containsKey(nodeId);
    }

    /**
     * Shuts one node down cleanly and waits for it to stop; its data is kept for {@link #startNode}.
     *
     * @throws IllegalStateException if the node is not running
     */
    public synchronized void stopNode(int nodeId) {
        EmbeddedKafkaBroker node = running.remove(nodeId);
        if (node == null) {
            throw new IllegalStateException("node " + nodeId + " is not running; running: " + running.keySet());
        }
        node.close();
    }

    /**
     * Starts a stopped node again on its ports and data and waits until it serves metadata.
     *
     * @throws IllegalStateException if the node is running already or does not start in time
     */
    public void startNode(int nodeId) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the cluster is closed");
            }
            if (running.containsKey(nodeId)) {
                throw new IllegalStateException("node " + nodeId + " is running already");
            }
        }
        EmbeddedKafkaBroker node = EmbeddedKafkaBroker.start(nodeSettings(nodeId));
        synchronized (this) {
            running.put(nodeId, node);
        }
    }

    /** Stops every node (in parallel) and deletes temporary data. Idempotent. */
    @Override
    public void close() {
        List<EmbeddedKafkaBroker> nodes;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            nodes = new ArrayList<>(running.values());
            running.clear();
        }
        // In parallel: a node alone in a quorum that lost its majority waits long for a controlled shutdown.
        nodes.parallelStream().forEach(EmbeddedKafkaBroker::close);
        if (deleteOnClose) {
            DataDirectories.deleteRecursively(root);
        }
        LOG.info(
                "Embedded Kafka cluster at {} stopped{}",
                bootstrapServers(),
                deleteOnClose ? " and its data deleted" : "; data kept in " + root);
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + bootstrapServers() + ", dataDir=" + root + "]";
    }

    private EmbeddedBrokerSettings nodeSettings(int nodeId) {
        return plan.nodeSettings(nodeId, base, root.resolve("node-" + nodeId));
    }

    /** Starts nodes in parallel: a node's start-up waits for a quorum that needs the others. */
    private void startNodes(List<Integer> ids, Duration timeout) {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size(), r -> {
            Thread t = new Thread(r, "mixnet-kafka-cluster-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Integer, Future<EmbeddedKafkaBroker>> starts = new TreeMap<>();
            for (int id : ids) {
                starts.put(id, pool.submit(() -> EmbeddedKafkaBroker.start(nodeSettings(id))));
            }
            RuntimeException failure = null;
            long deadline = System.nanoTime() + timeout.plusSeconds(10).toNanos();
            for (Map.Entry<Integer, Future<EmbeddedKafkaBroker>> s : starts.entrySet()) {
                try {
                    EmbeddedKafkaBroker node =
                            s.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    synchronized (this) {
                        running.put(s.getKey(), node);
                    }
                } catch (ExecutionException e) {
                    failure = first(
                            failure, new IllegalStateException("node " + s.getKey() + " did not start", e.getCause()));
                } catch (TimeoutException e) {
                    failure = first(
                            failure,
                            new IllegalStateException("node " + s.getKey() + " did not start within " + timeout));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = first(
                            failure, new IllegalStateException("interrupted while starting node " + s.getKey(), e));
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException first(RuntimeException earlier, RuntimeException now) {
        if (earlier == null) {
            return now;
        }
        earlier.addSuppressed(now);
        return earlier;
    }

    /** Waits until {@code count} brokers are registered and unfenced, as the whole cluster sees it. */
    private void awaitBrokers(int count, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .size();
                    if (seen >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Cluster at {} not ready yet: {}", bootstrapServers(), e.toString());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the cluster", e);
        }
        throw new IllegalStateException("Cluster at " + bootstrapServers() + " has " + seen + " of " + count
                + " brokers registered after " + timeout);
    }

    /** The cluster id a kept data directory was formatted with (from any node's meta.properties). */
    private static Optional<String> formattedClusterId(Path root) {
        try (var dirs = Files.list(root)) {
            for (Path node : dirs.sorted().toList()) {
                Path meta = node.resolve("logs").resolve("meta.properties");
                if (Files.isRegularFile(meta)) {
                    Properties p = new Properties();
                    try (Reader r = Files.newBufferedReader(meta)) {
                        p.load(r);
                    }
                    return Optional.ofNullable(p.getProperty("cluster.id"));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cluster data directory " + root, e);
        }
    }
}
