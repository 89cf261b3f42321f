package io.kafkamixnet.broker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The static KRaft controller quorum of an embedded cluster: Kafka's {@code controller.quorum.voters}
 * value, {@code id@host:port} per voter, comma-separated (e.g.
 * {@code 1@127.0.0.1:40001,2@127.0.0.1:40002,3@127.0.0.1:40003}).
 *
 * <p>Every node of the embedded cluster is a combined broker + controller, so the number of voters is
 * the number of brokers, and it sets the replication of the broker's own internal topics.
 */
public final class ControllerQuorum {

    private static final Pattern VOTER =
            Pattern.compile("(\\d{1,9})@(\\[[0-9A-Fa-f:.]+\\]|[^\\s@:,\\[\\]]+):(\\d{1,5})");

    /** One voter: its node id and controller listener address. */
    public record Voter(int nodeId, String host, int port) {
        public Voter {
            Objects.requireNonNull(host, "host");
            if (nodeId < 0) {
                throw new IllegalArgumentException("a voter's node id must be >= 0, found " + nodeId);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("a voter's port must be 1..65535, found " + port);
            }
        }

        @Override
        public String toString() {
            return nodeId + "@" + host + ":" + port;
        }
    }

    private final List<Voter> voters;

    private ControllerQuorum(List<Voter> voters) {
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a controller quorum needs at least one voter, found none");
        }
        Set<Integer> ids = new HashSet<>();
        for (Voter v : voters) {
            if (!ids.add(v.nodeId())) {
                throw new IllegalArgumentException("controller quorum voters repeat node id " + v.nodeId() + ": "
                        + voters.stream().map(Voter::toString).collect(Collectors.joining(",")));
            }
        }
        this.voters = List.copyOf(voters);
    }

    /** The quorum of these voters. */
    public static ControllerQuorum of(List<Voter> voters) {
        return new ControllerQuorum(new ArrayList<>(voters));
    }

    /**
     * Parses a {@code controller.quorum.voters} value.
     *
     * @throws IllegalArgumentException if an entry is not {@code id@host:port} or an id repeats
     */
    public static ControllerQuorum parse(String voters) {
        Objects.requireNonNull(voters, "voters");
        List<Voter> parsed = new ArrayList<>();
        for (String entry : voters.split(",", -1)) {
            Matcher m = VOTER.matcher(entry.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "controller quorum voters must be id@host:port[,id@host:port...], found '" + entry.trim()
                                + "' in '" + voters + "'");
            }
            parsed.add(new Voter(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3))));
        }
        return new ControllerQuorum(parsed);
    }

    public List<Voter> voters() {
        return voters;
    }

    /** Number of voters, which is also the number of (combined) brokers. */
    public int size() {
        return voters.size();
    }

    /** The voter with this node id, if it is one. */
    public java.util.Optional<Voter> voter(int nodeId) {
        return voters.stream().filter(v -> v.nodeId() == nodeId).findFirst();
    }

    /**
     * Replicas of the broker's internal topics ({@code __consumer_offsets}, {@code __transaction_state})
     * and of topics created without a replication factor: the number of brokers, at most 3.
     */
    public short internalReplicationFactor() {
        return (short) Math.min(3, voters.size());
    }

    /**
     * {@code min.insync.replicas} that goes with {@link #internalReplicationFactor()}: 2 with 3 replicas
     * (one broker can be lost without refusing {@code acks=all} writes, and an acknowledged write is on
     * two brokers), 1 below.
     */
    public int minInSyncReplicas() {
        return internalReplicationFactor() >= 3 ? 2 : 1;
    }

    /** The {@code controller.quorum.voters} value. */
    @Override
    public String toString() {
        return voters.stream().map(Voter::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControllerQuorum q && q.voters.equals(voters);
    }

    @Override
    public int hashCode() {
        return voters.hashCode();
    }
}
