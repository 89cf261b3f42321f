package io.kafkamixnet.testkit;

import java.util.Map;
import java.util.Properties;

/** A Kafka cluster an integration test runs against, whichever {@link ClusterMode} provided it. */
public interface KafkaCluster {

    /** Which kind of cluster this is. */
    ClusterMode mode();

    /** {@code host:port[,host:port...]} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Every property a Kafka client needs to connect (bootstrap servers plus any security settings). */
    Map<String, Object> clientProperties();

    /** {@link #clientProperties()} as {@link Properties}, for APIs that take them. */
    default Properties clientPropertiesAsProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties());
        return p;
    }
}
