package io.kafkamixnet.cli;

import io.kafkamixnet.broker.ClusterPlan;
import io.kafkamixnet.broker.ControllerQuorum;
import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.broker.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a real Kafka broker in the foreground until Ctrl-C: a single node, a cluster of N nodes in this
 * process ({@code --nodes}), or one node of a cluster whose nodes are separate processes
 * ({@code --node-id} with {@code --controller-quorum-voters} and {@code --cluster-id}).
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a local Kafka broker (KRaft) in the foreground; Ctrl-C stops it.",
            "--nodes 3 runs a three-broker cluster in this process (replicated internal topics, min.insync.replicas=2);",
            "--node-id with --controller-quorum-voters and --cluster-id runs one node of a cluster of processes.",
            "It listens on loopback only and has no authentication: for development, demos and tests.",
            "--secure enforces SASL/SCRAM logins and ACLs instead: it creates a user per role (of --network, or of"
                    + " the demo network) and prints each one's client properties."
        })
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            description = "Client port (default: a free ephemeral port); with --nodes, node i gets PORT+i-1.")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data here across runs (default: a temporary directory deleted on exit);"
                    + " with --nodes, one sub-directory per node.")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listener address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--allow-non-loopback",
            description =
                    "Allow a non-loopback --host. The broker has no authentication: anyone who reaches it can read every topic.")
    boolean allowNonLoopback;

    @Option(
            names = "--nodes",
            defaultValue = "1",
            description =
                    "Brokers to run in this process, each a combined broker + controller (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--node-id",
            description = "Run one node of a multi-process cluster with this node.id (needs --controller-quorum-voters,"
                    + " --cluster-id, --port and --data-dir).")
    Integer nodeId;

    @Option(
            names = "--controller-quorum-voters",
            paramLabel = "ID@HOST:PORT[,...]",
            description = "Every node's controller listener, as Kafka's controller.quorum.voters; this node listens"
                    + " on its own entry.")
    String controllerQuorumVoters;

    @Option(
            names = "--cluster-id",
            paramLabel = "ID",
            description = "The cluster id every node formats its storage with (22-character base64 UUID).")
    String clusterId;

    @Option(
            names = "--secure",
            description = "SASL_PLAINTEXT with SCRAM-SHA-512 and ACLs enforced (allow.everyone.if.no.acl.found=false);"
                    + " creates the users of --network (default: those of the demo network) and prints their client"
                    + " properties. Single node only.")
    boolean secure;

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description = "With --secure: create the users this network description names (network.properties).")
    Path networkFile;

    @Option(
            names = "--client-config-dir",
            paramLabel = "DIR",
            description = "With --secure: write each user's client properties to DIR/<user>.properties (owner-only)"
                    + " instead of printing them.")
    Path clientConfigDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!secure && (networkFile != null || clientConfigDir != null)) {
            throw new ParameterException(spec.commandLine(), "--network and --client-config-dir go with --secure");
        }
        if (secure && (nodes != 1 || nodeId != null)) {
            throw new ParameterException(
                    spec.commandLine(), "--secure runs a single node: it does not go with --nodes or --node-id");
        }
        int lastPort = port + Math.max(1, nodes) - 1;
        if (port < 0 || lastPort > 65535) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--port must be 0 (a free port) or 1.." + (65536 - Math.max(1, nodes))
                            + (nodes > 1 ? " (node i takes PORT+i-1)" : "") + ", found " + port);
        }
        if (port != 0) {
            for (int p = port; p <= lastPort; p++) {
                requireFree(p);
            }
        }
        EmbeddedBrokerSettings.Builder base = EmbeddedBrokerSettings.builder()
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .allowNonLoopback(allowNonLoopback);
        AutoCloseable running;
        if (nodeId != null) {
            running = startClusterNode(out, base);
        } else if (controllerQuorumVoters != null || clusterId != null) {
            throw new ParameterException(
                    spec.commandLine(), "--controller-quorum-voters and --cluster-id go with --node-id");
        } else if (secure) {
            running = SecureBroker.start(base.secure(true).build(), networkFile, clientConfigDir, out);
        } else if (nodes == 1) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(base.build());
            running = broker;
            out.printf("Kafka broker ready in %d ms.%n", broker.startupTime().toMillis());
            out.printf("bootstrap.servers=%s%n", broker.bootstrapServers());
            out.printf("Data: %s%s%n", broker.dataDir(), dataDir == null ? " (deleted on exit)" : "");
            out.printf("Try: kcat -b %s -L     Ctrl-C to stop.%n", broker.bootstrapServers());
        } else {
            if (nodes < 1 || nodes > ClusterPlan.MAX_NODES) {
                throw new ParameterException(
                        spec.commandLine(), "--nodes must be 1.." + ClusterPlan.MAX_NODES + ", found " + nodes);
            }
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(nodes, base.build());
            running = cluster;
            out.printf(
                    "Kafka cluster of %d brokers ready in %d ms.%n",
                    nodes, cluster.startupTime().toMillis());
            out.printf("bootstrap.servers=%s%n", cluster.bootstrapServers());
            out.printf(
                    "Internal topics: replication factor %d, min.insync.replicas %d. Create topics with"
                            + " --replication-factor %d (topics.replication-factor=%d for a mixer).%n",
                    Math.min(3, nodes), nodes >= 3 ? 2 : 1, Math.min(3, nodes), Math.min(3, nodes));
            out.printf("Data: %s%s%n", cluster.dataDir(), dataDir == null ? " (deleted on exit)" : "");
            out.printf("Try: kcat -b %s -L     Ctrl-C to stop.%n", cluster.bootstrapServers());
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                spec.commandLine().getErr().println("Stopping the broker failed: " + e);
                            }
                            stopped.countDown();
                        },
                        "mixnet-broker-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Fails with one line if {@code host:port} cannot be bound now: Kafka would find out only after its
     * controller started, and then log a page of stack traces before giving up without the reason.
     */
    private void requireFree(int p) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Kafka binds: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, p));
        } catch (IOException e) {
            throw new ExplainedException(
                    "cannot listen on " + host + ":" + p + " (--port " + port + "): " + e.getMessage()
                            + ". Expected a free port: stop what listens there, pick another, or leave --port out"
                            + " for a free one.",
                    e);
        }
    }

    private EmbeddedKafkaBroker startClusterNode(PrintWriter out, EmbeddedBrokerSettings.Builder base) {
        if (nodes != 1) {
            throw new ParameterException(spec.commandLine(), "--node-id runs one node: it does not go with --nodes");
        }
        if (controllerQuorumVoters == null || clusterId == null || port == 0 || dataDir == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--node-id needs --controller-quorum-voters, --cluster-id, --port and --data-dir: the other"
                            + " nodes and clients find it by its ports, and it restarts from its data");
        }
        EmbeddedBrokerSettings settings;
        try {
            settings = base.nodeId(nodeId)
                    .controllerQuorum(ControllerQuorum.parse(controllerQuorumVoters))
                    .clusterId(clusterId)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        out.printf(
                "Kafka node %d of a %d-node cluster ready in %d ms.%n",
                nodeId, settings.clusterSize(), broker.startupTime().toMillis());
        out.printf("bootstrap.servers=%s%n", broker.bootstrapServers());
        out.printf("Data: %s%n", broker.dataDir());
        return broker;
    }
}
