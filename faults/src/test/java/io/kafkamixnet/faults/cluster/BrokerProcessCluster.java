package io.kafkamixnet.faults.cluster;

import io.kafkamixnet.broker.ClusterPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * A Kafka cluster whose nodes are separate JVMs, so that one can be killed with {@code SIGKILL} as a
 * crashed broker is: each node is {@code mixnet broker --node-id N --controller-quorum-voters ...
 * --cluster-id ... --port P --data-dir DIR} started from this test's class path, with its output in
 * {@code node-N.log} next to its data.
 *
 * <p>Every node process is killed when this is closed (and by a shutdown hook should the test JVM exit
 * first), so a failed run leaves no broker behind.
 */
public final class BrokerProcessCluster implements AutoCloseable {

    /** Heap of each broker JVM: an embedded node runs in about 250 MB. */
    static final String NODE_HEAP = "-Xmx320m";

    private final ClusterPlan plan;
    private final Path root;
    private final Map<Integer, Process> processes = new TreeMap<>();
    private final Thread killOnExit = new Thread(this::killAll, "kill-broker-processes");

    private BrokerProcessCluster(ClusterPlan plan, Path root) {
        this.plan = plan;
        this.root = root;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts {@code nodes} broker processes on free loopback ports and waits until all are registered. */
    public static BrokerProcessCluster start(int nodes, Path root, Duration timeout) {
        BrokerProcessCluster cluster = new BrokerProcessCluster(ClusterPlan.onFreePorts(nodes, "127.0.0.1", 0), root);
        try {
            for (int id : cluster.plan.nodeIds()) {
                cluster.launch(id);
            }
            cluster.awaitRegistered(Set.copyOf(cluster.plan.nodeIds()), timeout);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public ClusterPlan plan() {
        return plan;
    }

    public String bootstrapServers() {
        return plan.bootstrapServers();
    }

    /** {@code kill -9}: the node's process dies at once, without a controlled shutdown or a flush. */
    public synchronized void kill(int nodeId) throws InterruptedException {
        Process p = processes.remove(nodeId);
        if (p == null) {
            throw new IllegalStateException("node " + nodeId + " is not running; running: " + processes.keySet());
        }
        p.destroyForcibly(); // SIGKILL on Linux and macOS
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + nodeId + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** Starts a killed node again on its ports and data; returns once the cluster lists it as a broker. */
    public void restart(int nodeId, Duration timeout) {
        launch(nodeId);
        awaitRegistered(Set.of(nodeId), timeout);
    }

    /** The log file of one node's process. */
    public Path log(int nodeId) {
        return root.resolve("node-" + nodeId + ".log");
    }

    private synchronized void launch(int nodeId) {
        if (processes.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is running already");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                NODE_HEAP,
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "io.kafkamixnet.cli.MixnetCommand",
                "broker",
                "--node-id",
                Integer.toString(nodeId),
                "--controller-quorum-voters",
                plan.quorum().toString(),
                "--cluster-id",
                plan.clusterId(),
                "--port",
                Integer.toString(plan.clientPorts().get(nodeId)),
                "--data-dir",
                root.resolve("node-" + nodeId).toString()));
        try {
            Files.createDirectories(root);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(nodeId).toFile()))
                    .start();
            processes.put(nodeId, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start broker node " + nodeId, e);
        }
    }

    private void awaitRegistered(Set<Integer> ids, Duration timeout) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> registered = Set.of();
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    for (int id : ids) {
                        Process p = processes.get(id);
                        if (p != null && !p.isAlive()) {
                            throw new IllegalStateException("broker node " + id + " exited with " + p.exitValue()
                                    + " while starting; see " + log(id));
                        }
                    }
                }
                try {
                    registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for broker nodes " + ids, e);
        }
        throw new IllegalStateException("broker nodes " + ids + " not registered within " + timeout + "; registered: "
                + registered + "; logs in " + root);
    }

    private synchronized void killAll() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        processes.clear();
    }

    /** Kills every node process; the data and logs stay in the root directory. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
