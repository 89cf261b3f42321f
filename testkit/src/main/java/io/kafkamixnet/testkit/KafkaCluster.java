package io.kafkamixnet.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** A Kafka cluster an integration test runs against, whichever {@link ClusterMode} provided it. */
public interface KafkaCluster {

    /** Which kind of cluster this is. */
    ClusterMode mode();

    /** {@code host:port[,host:port...]} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Every property a Kafka client needs to connect (bootstrap servers plus any security settings). */
    Map<String, Object> clientProperties();

    /**
     * The broker's log directory ({@code log.dirs}) when this JVM runs a single broker and can read its
     * segments (the embedded mode); empty otherwise.
     */
    default Optional<Path> logDir() {
        return Optional.empty();
    }

    /** {@link #clientProperties()} as {@link Properties}, for APIs that take them. */
    default Properties clientPropertiesAsProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties());
        return p;
    }
}
