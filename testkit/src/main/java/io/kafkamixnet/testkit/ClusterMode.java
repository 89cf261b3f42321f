package io.kafkamixnet.testkit;

import java.util.Locale;

/**
 * Where integration tests get their Kafka cluster, chosen with the system property (or JUnit
 * configuration parameter) {@code mixnet.kafka}; an external cluster is chosen by setting
 * {@code mixnet.kafka.bootstrap=host:port}, which wins over both.
 */
public enum ClusterMode {
    /** A real KRaft broker started inside the test JVM (the default: no Docker, no install). */
    EMBEDDED,
    /**
     * A real cluster of KRaft brokers inside the test JVM ({@code mixnet.kafka=embedded-cluster}; 3 nodes, or
     * {@code mixnet.kafka.nodes}): internal topics and topics without a replication factor get three
     * replicas and {@code min.insync.replicas=2}, so a test or product code that creates a one-replica
     * topic cannot write to it ({@code NOT_ENOUGH_REPLICAS}), as on a production cluster.
     */
    EMBEDDED_CLUSTER,
    /** The apache/kafka image through Testcontainers; tests are skipped where no Docker engine runs. */
    TESTCONTAINERS,
    /** A cluster that already runs, given by {@code mixnet.kafka.bootstrap}. */
    EXTERNAL;

    public static ClusterMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "mixnet.kafka must be one of embedded, embedded-cluster, testcontainers, external; found '" + value
                            + "'",
                    e);
        }
    }
}
