package io.kafkamixnet.admin;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How to reach a Kafka cluster: bootstrap servers plus any client properties (SASL, SSL, timeouts)
 * read from a standard Kafka client properties file.
 *
 * <p>{@code toString} prints only the bootstrap servers and the names of the extra properties, never
 * their values: a client config file usually holds passwords ({@code sasl.jaas.config},
 * {@code ssl.keystore.password}).
 */
public final class ClientSettings {

    private final String bootstrapServers;
    private final Map<String, String> properties;

    private ClientSettings(String bootstrapServers, Map<String, String> properties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be host:port[,host:port...], found nothing");
        }
        this.bootstrapServers = bootstrapServers.trim();
        this.properties = Map.copyOf(properties);
    }

    public static ClientSettings of(String bootstrapServers) {
        return new ClientSettings(bootstrapServers, Map.of());
    }

    public static ClientSettings of(String bootstrapServers, Map<String, String> properties) {
        return new ClientSettings(bootstrapServers, properties);
    }

    /**
     * Reads a Kafka client properties file. {@code bootstrapServers} given on the command line wins
     * over one in the file; one of the two must be present.
     */
    public static ClientSettings load(String bootstrapServers, Path clientConfigFile) {
        Map<String, String> props = new HashMap<>();
        if (clientConfigFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(clientConfigFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Kafka client config file " + clientConfigFile, e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        }
        String fromFile = props.remove("bootstrap.servers");
        String bootstrap = bootstrapServers != null && !bootstrapServers.isBlank() ? bootstrapServers : fromFile;
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException(
                    "No Kafka cluster given: expected --bootstrap-servers or bootstrap.servers in "
                            + (clientConfigFile == null ? "a --client-config file" : clientConfigFile));
        }
        return new ClientSettings(bootstrap, props);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The extra client properties (without bootstrap.servers). */
    public Map<String, String> properties() {
        return properties;
    }

    /** All properties for a Kafka client (producer, consumer, admin or Streams), bootstrap included. */
    public Map<String, Object> asClientConfig() {
        Map<String, Object> m = new HashMap<>(properties);
        m.put("bootstrap.servers", bootstrapServers);
        return m;
    }

    /** Same as {@link #asClientConfig()} as {@link Properties}, for APIs that take them. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(asClientConfig());
        return p;
    }

    /** A copy with more properties, which win over existing ones. */
    public ClientSettings with(Map<String, String> more) {
        Map<String, String> m = new HashMap<>(properties);
        m.putAll(more);
        return new ClientSettings(bootstrapServers, m);
    }

    public Set<String> propertyNames() {
        return properties.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSettings c
                && c.bootstrapServers.equals(bootstrapServers)
                && c.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, properties);
    }

    @Override
    public String toString() {
        return "ClientSettings[bootstrap.servers=" + bootstrapServers + ", properties="
                + new java.util.TreeSet<>(properties.keySet()) + "]";
    }
}
