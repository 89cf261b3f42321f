package io.kafkamixnet.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A SCRAM-SHA-512 user of a secured broker: its name and password, and the Kafka client properties
 * that log in as it over {@code SASL_PLAINTEXT}. {@code toString} never shows the password.
 */
public record ScramUser(String name, String password) {

    /** The only SASL mechanism a secured embedded broker accepts from clients. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    public ScramUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (name.isEmpty() || name.contains("\"") || name.contains("\\")) {
            throw new IllegalArgumentException(
                    "SCRAM user name must be non-empty without quotes or backslashes, found '" + name + "'");
        }
        if (password.length() < 8 || password.contains("\"") || password.contains("\\")) {
            throw new IllegalArgumentException(
                    "password of SCRAM user " + name + " must have at least 8 characters and no quotes or backslashes");
        }
    }

    /** The Kafka principal ACLs name this user by. */
    public String principal() {
        return "User:" + name;
    }

    /**
     * Client properties that log in as this user ({@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config}), without {@code bootstrap.servers}. They hold the password.
     */
    public Map<String, String> saslProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig("org.apache.kafka.common.security.scram.ScramLoginModule", ""));
        return p;
    }

    /** {@link #saslProperties()} with {@code bootstrap.servers}. */
    public Map<String, String> clientProperties(String bootstrapServers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(saslProperties());
        return p;
    }

    /** A JAAS line for {@code loginModule} logging in as this user, with {@code extra} options appended. */
    String jaasConfig(String loginModule, String extra) {
        return loginModule + " required username=\"" + name + "\" password=\"" + password + "\"" + extra + ";";
    }

    @Override
    public String toString() {
        return "ScramUser[" + name + "]";
    }
}
