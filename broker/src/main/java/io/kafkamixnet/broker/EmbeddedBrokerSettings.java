package io.kafkamixnet.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * Immutable, validated settings of an {@link EmbeddedKafkaBroker}: a single-node cluster by default, or one
 * node of a multi-node cluster when a {@linkplain Builder#controllerQuorum controller quorum} is given
 * (what {@link EmbeddedKafkaCluster} and {@code mixnet broker --node-id} do).
 */
public final class EmbeddedBrokerSettings {

    private final String host;
    private final int port;
    private final Path dataDir;
    private final boolean keepData;
    private final boolean allowNonLoopback;
    private final Duration startupTimeout;
    private final Map<String, String> overrides;
    private final int nodeId;
    private final int controllerPort;
    private final ControllerQuorum controllerQuorum;
    private final String clusterId;
    private final boolean secure;
    private final String superUser;
    private final String superUserPassword;

    private EmbeddedBrokerSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.keepData = b.keepData;
        this.allowNonLoopback = b.allowNonLoopback;
        this.startupTimeout = b.startupTimeout;
        this.overrides = Map.copyOf(b.overrides);
        this.nodeId = b.nodeId;
        this.controllerQuorum = b.controllerQuorum;
        this.clusterId = b.clusterId;
        this.secure = b.secure;
        this.superUser = b.superUser;
        this.superUserPassword = b.superUserPassword;
        if (controllerQuorum != null) {
            ControllerQuorum.Voter self = controllerQuorum
                    .voter(nodeId)
                    .orElseThrow(() -> new IllegalArgumentException("node " + nodeId
                            + " is not one of the controller quorum voters " + controllerQuorum
                            + ": every embedded node is a combined broker + controller"));
            if (b.controllerPort != 0 && b.controllerPort != self.port()) {
                throw new IllegalArgumentException("controller port " + b.controllerPort + " of node " + nodeId
                        + " differs from its voter entry " + self);
            }
            this.controllerPort = self.port();
            if (controllerQuorum.size() > 1 && secure && superUserPassword == null) {
                throw new IllegalArgumentException("node " + nodeId + " of a secured " + controllerQuorum.size()
                        + "-node cluster needs the super user password every node logs in with; none given");
            }
            if (controllerQuorum.size() > 1 && clusterId == null) {
                throw new IllegalArgumentException("node " + nodeId + " of a " + controllerQuorum.size()
                        + "-node cluster needs the cluster id every node formats its storage with; none given");
            }
        } else {
            this.controllerPort = b.controllerPort;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Address the listeners bind to; loopback ({@code 127.0.0.1}) by default. */
    public String host() {
        return host;
    }

    /** Client listener port; 0 picks a free ephemeral port. */
    public int port() {
        return port;
    }

    /** A data directory given by the caller; empty means a temporary one that is deleted on close. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Keep a temporary data directory after close (for inspection). */
    public boolean keepData() {
        return keepData;
    }

    public boolean allowNonLoopback() {
        return allowNonLoopback;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Extra broker properties, applied last. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** This node's {@code node.id}; 1 by default. */
    public int nodeId() {
        return nodeId;
    }

    /** Controller listener port; 0 picks a free one (single node only: a quorum fixes it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The static controller quorum of a multi-node cluster; empty for a single node that is its own quorum. */
    public Optional<ControllerQuorum> controllerQuorum() {
        return Optional.ofNullable(controllerQuorum);
    }

    /** The cluster id storage is formatted with; empty picks a random one (single node only). */
    public Optional<String> clusterId() {
        return Optional.ofNullable(clusterId);
    }

    /** Brokers in the cluster this node belongs to: the number of quorum voters, 1 without a quorum. */
    public int clusterSize() {
        return controllerQuorum == null ? 1 : controllerQuorum.size();
    }

    /**
     * Secured mode: clients connect over {@code SASL_PLAINTEXT} with SCRAM-SHA-512, and KRaft's
     * {@code StandardAuthorizer} denies everything no ACL allows ({@code allow.everyone.if.no.acl.found=false})
     * except to the {@linkplain #superUser() super user}.
     */
    public boolean secure() {
        return secure;
    }

    /** The super user of a secured broker, which provisions users, topics and ACLs; {@code admin} by default. */
    public String superUser() {
        return superUser;
    }

    /**
     * The super user's password when given; empty means the broker generates one (or, on a kept data
     * directory, reuses the one it generated there).
     */
    public Optional<String> superUserPassword() {
        return Optional.ofNullable(superUserPassword);
    }

    /** A builder holding these settings, to derive variants (e.g. one node of a cluster from a base). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.dataDir = dataDir;
        b.keepData = keepData;
        b.allowNonLoopback = allowNonLoopback;
        b.startupTimeout = startupTimeout;
        b.overrides.putAll(overrides);
        b.nodeId = nodeId;
        b.controllerPort = controllerQuorum == null ? controllerPort : 0;
        b.controllerQuorum = controllerQuorum;
        b.clusterId = clusterId;
        b.secure = secure;
        b.superUser = superUser;
        b.superUserPassword = superUserPassword;
        return b;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDir;
        private boolean keepData;
        private boolean allowNonLoopback;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int nodeId = 1;
        private int controllerPort;
        private ControllerQuorum controllerQuorum;
        private String clusterId;
        private boolean secure;
        private String superUser = "admin";
        private String superUserPassword;

        private Builder() {}

        /** Secured mode (see {@link EmbeddedBrokerSettings#secure()}). */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * The super user of a secured broker and its password (null: generated at first start and kept
         * in the data directory, owner-only).
         */
        public Builder superUser(String name, String password) {
            ScramUser checked = new ScramUser(name, password == null ? "placeholder" : password);
            this.superUser = checked.name();
            this.superUserPassword = password;
            return this;
        }

        /** This node's {@code node.id} (0..999,999,999); it must be a voter of the controller quorum, if one is given. */
        public Builder nodeId(int nodeId) {
            if (nodeId < 0 || nodeId > 999_999_999) {
                throw new IllegalArgumentException("node id must be 0..999999999, found " + nodeId);
            }
            this.nodeId = nodeId;
            return this;
        }

        /** Controller listener port; 0 (default) picks a free one. With a quorum, its voter entry decides. */
        public Builder controllerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("controller port must be 0 (ephemeral) or 1..65535, found " + port);
            }
            this.controllerPort = port;
            return this;
        }

        /** Makes this node one of a multi-node cluster with this static controller quorum (null: single node). */
        public Builder controllerQuorum(ControllerQuorum quorum) {
            this.controllerQuorum = quorum;
            return this;
        }

        /**
         * The cluster id to format storage with (Kafka's 22-character base64 UUID, e.g. from
         * {@code kafka-storage random-uuid}); every node of a cluster needs the same one. Null: random.
         */
        public Builder clusterId(String clusterId) {
            if (clusterId != null) {
                try {
                    Uuid.fromString(clusterId);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "cluster id must be a base64 UUID of 22 characters, found '" + clusterId + "'", e);
                }
            }
            this.clusterId = clusterId;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (ephemeral) or 1..65535, found " + port);
            }
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        public Builder allowNonLoopback(boolean allow) {
            this.allowNonLoopback = allow;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, found " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        public Builder override(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * @throws IllegalArgumentException if a controller quorum is given that does not hold this node, or
         *     whose entry for it disagrees with {@link #controllerPort}
         */
        public EmbeddedBrokerSettings build() {
            return new EmbeddedBrokerSettings(this);
        }
    }
}
