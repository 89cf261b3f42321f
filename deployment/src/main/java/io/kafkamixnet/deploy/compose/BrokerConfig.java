package io.kafkamixnet.deploy.compose;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * The compose broker's {@code server.properties}: one KRaft node (broker and controller) with
 * SASL/SCRAM-SHA-512 on its listeners for clients, PLAIN on the controller listener (SCRAM credentials
 * live in the metadata log, which the controller must read before it can check any), the
 * {@code StandardAuthorizer} with the provisioning user as the only super user and no access without
 * an ACL. The admin password is {@link #PASSWORD_PLACEHOLDER}: the start script fills it in from the
 * secrets volume, so it is never in a file of the repository.
 */
public final class BrokerConfig {

    /** Replaced by the admin password when the broker starts. */
    public static final String PASSWORD_PLACEHOLDER = "@ADMIN_PASSWORD@";
    /** The listener containers use: {@code kafka:9092}. */
    public static final int INTERNAL_PORT = 9092;
    /** The listener for clients on the host, published on 127.0.0.1 only. */
    public static final int EXTERNAL_PORT = 29092;
    /** The controller listener, bound to the container's loopback. */
    public static final int CONTROLLER_PORT = 9093;

    public static final String HOST = "kafka";
    public static final String DATA_DIR = "/var/lib/kafka/data";

    private BrokerConfig() {}

    /** The properties, in a stable order, for a broker whose external listener is on {@code externalPort}. */
    public static Map<String, String> properties(String admin, int externalPort) {
        String scramLogin = "org.apache.kafka.common.security.scram.ScramLoginModule required";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + CONTROLLER_PORT);
        p.put("controller.listener.names", "CONTROLLER");
        p.put(
                "listeners",
                "INTERNAL://:" + INTERNAL_PORT + ",EXTERNAL://:" + EXTERNAL_PORT + ",CONTROLLER://127.0.0.1:"
                        + CONTROLLER_PORT);
        p.put(
                "advertised.listeners",
                "INTERNAL://" + HOST + ":" + INTERNAL_PORT + ",EXTERNAL://127.0.0.1:" + externalPort);
        p.put(
                "listener.security.protocol.map",
                "INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.put(
                "listener.name.internal.scram-sha-512.sasl.jaas.config",
                scramLogin + " username=\"" + admin + "\" password=\"" + PASSWORD_PLACEHOLDER + "\";");
        p.put("listener.name.external.scram-sha-512.sasl.jaas.config", scramLogin + ";");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + PASSWORD_PLACEHOLDER + "\" user_" + admin + "=\"" + PASSWORD_PLACEHOLDER
                        + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + admin);
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("log.dirs", DATA_DIR);
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** The properties as a {@code server.properties} text (no escaping is needed: no value has '\\' or a line break). */
    public static String text(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    /**
     * A KRaft cluster id derived from the network's name: stable across generations (the committed
     * example does not change), different between networks.
     */
    public static String clusterId(String networkName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("kafka-mixnet/compose-cluster/" + networkName).getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(h);
            return new Uuid(b.getLong(), b.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
