package io.kafkamixnet.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Where the nodes of a multi-node embedded cluster listen and what they share: node ids {@code 1..n}, a
 * client port and a controller port per node on one loopback host, the static controller quorum and the
 * cluster id. The same plan starts the nodes in this JVM ({@link EmbeddedKafkaCluster}) or as separate
 * processes ({@code mixnet broker --node-id ... --controller-quorum-voters ... --cluster-id ...}).
 *
 * @param host address every listener binds to
 * @param clusterId the 22-character base64 cluster id every node formats its storage with
 * @param quorum the controller quorum: one voter per node (every node is broker + controller)
 * @param clientPorts client (PLAINTEXT) listener port per node id
 */
public record ClusterPlan(String host, String clusterId, ControllerQuorum quorum, Map<Integer, Integer> clientPorts) {

    /** Most nodes a plan holds: an embedded cluster is for development and fault tests, not for scale. */
    public static final int MAX_NODES = 9;

    public ClusterPlan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(quorum, "quorum");
        clientPorts = Map.copyOf(new TreeMap<>(clientPorts));
        for (ControllerQuorum.Voter v : quorum.voters()) {
            if (!clientPorts.containsKey(v.nodeId())) {
                throw new IllegalArgumentException("node " + v.nodeId() + " has no client port in " + clientPorts);
            }
        }
        if (clientPorts.size() != quorum.size()) {
            throw new IllegalArgumentException(
                    "client ports " + clientPorts + " name other nodes than the quorum " + quorum);
        }
    }

    /**
     * A plan of {@code nodes} nodes on free ports of {@code host} with a new random cluster id; client ports
     * {@code firstClientPort}, {@code firstClientPort + 1}, ... when {@code firstClientPort} is not 0.
     *
     * @throws IllegalArgumentException if {@code nodes} is not 1..{@value #MAX_NODES} or the ports leave 1..65535
     */
    public static ClusterPlan onFreePorts(int nodes, String host, int firstClientPort) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("an embedded cluster has 1.." + MAX_NODES + " nodes, found " + nodes);
        }
        if (firstClientPort != 0 && (firstClientPort < 1 || firstClientPort + nodes - 1 > 65535)) {
            throw new IllegalArgumentException("client ports " + firstClientPort + ".." + (firstClientPort + nodes - 1)
                    + " leave the range 1..65535");
        }
        String urlHost = EmbeddedKafkaBroker.hostForUrl(host);
        List<ControllerQuorum.Voter> voters = new ArrayList<>();
        Map<Integer, Integer> clientPorts = new TreeMap<>();
        for (int id = 1; id <= nodes; id++) {
            voters.add(new ControllerQuorum.Voter(id, urlHost, EmbeddedKafkaBroker.freePort(host)));
            clientPorts.put(id, firstClientPort == 0 ? EmbeddedKafkaBroker.freePort(host) : firstClientPort + id - 1);
        }
        return new ClusterPlan(host, Uuid.randomUuid().toString(), ControllerQuorum.of(voters), clientPorts);
    }

    /** Node ids in ascending order. */
    public List<Integer> nodeIds() {
        return List.copyOf(clientPorts.keySet());
    }

    /** {@code host:port} of one node's client listener. */
    public String bootstrapServer(int nodeId) {
        Integer port = clientPorts.get(nodeId);
        if (port == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in this cluster; nodes are " + nodeIds());
        }
        return EmbeddedKafkaBroker.hostForUrl(host) + ":" + port;
    }

    /** Every node's client listener, comma-separated: the {@code bootstrap.servers} of the cluster. */
    public String bootstrapServers() {
        return nodeIds().stream().map(this::bootstrapServer).collect(Collectors.joining(","));
    }

    /** The settings of one node: {@code base} (host, overrides, timeouts) with this plan's id, ports and quorum. */
    public EmbeddedBrokerSettings nodeSettings(int nodeId, EmbeddedBrokerSettings base, Path dataDir) {
        bootstrapServer(nodeId); // refuses an unknown node id with the list of known ones
        return base.toBuilder()
                .host(host)
                .nodeId(nodeId)
                .port(clientPorts.get(nodeId))
                .controllerPort(0)
                .controllerQuorum(quorum)
                .clusterId(clusterId)
                .dataDir(dataDir)
                .build();
    }
}
