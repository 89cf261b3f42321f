package io.kafkamixnet.cli.send;

import io.kafkamixnet.admin.DurationSetting;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --client-properties} file of {@code mixnet send}: where a mixnet client finds the network.
 * Keys (every one optional here; the command says which it still needs):
 *
 * <pre>
 * directory.topic=mixnet.directory          # compacted topic of signed mixer descriptors
 * reply.inbox.topic=mixnet.replies          # the shared reply inbox
 * trusted.identities=3b6a...,9f00...        # operator identity keys (64 hex digits), comma or space separated
 * trusted.identities.file=trusted-mixers.txt  # or a file of them, one per line (relative to this file)
 * forward.hops=2                            # distinct forward mixers per route
 * reply.hops=1                              # distinct response mixers per reply route
 * epoch.length=1h                           # the network's key epochs (must match the mixers')
 * epoch.grace=10m
 * request.timeout=60s
 * kafka.bootstrap.servers=127.0.0.1:9092    # any Kafka client property, with the prefix kafka.
 * </pre>
 *
 * Any other key is an error, so that a misspelt one is not silently ignored. Values are never
 * printed (a {@code kafka.sasl.jaas.config} holds a password).
 */
public final class ClientPropertiesFile {

    public static final String DIRECTORY_TOPIC = "directory.topic";
    public static final String REPLY_INBOX_TOPIC = "reply.inbox.topic";
    public static final String TRUSTED_IDENTITIES = "trusted.identities";
    public static final String TRUSTED_IDENTITIES_FILE = "trusted.identities.file";
    public static final String FORWARD_HOPS = "forward.hops";
    public static final String REPLY_HOPS = "reply.hops";
    public static final String EPOCH_LENGTH = "epoch.length";
    public static final String EPOCH_GRACE = "epoch.grace";
    public static final String REQUEST_TIMEOUT = "request.timeout";
    public static final String KAFKA_PREFIX = "kafka.";

    private static final Set<String> KEYS = Set.of(
            DIRECTORY_TOPIC,
            REPLY_INBOX_TOPIC,
            TRUSTED_IDENTITIES,
            TRUSTED_IDENTITIES_FILE,
            FORWARD_HOPS,
            REPLY_HOPS,
            EPOCH_LENGTH,
            EPOCH_GRACE,
            REQUEST_TIMEOUT);

    private final Path file;
    private final Map<String, String> values;
    private final Map<String, String> kafka;

    private ClientPropertiesFile(Path file, Map<String, String> values, Map<String, String> kafka) {
        this.file = file;
        this.values = values;
        this.kafka = kafka;
    }

    /** No file: every setting comes from flags. */
    public static ClientPropertiesFile empty() {
        return new ClientPropertiesFile(null, Map.of(), Map.of());
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException if it cannot be read (the message names it)
     * @throws IllegalArgumentException for an unknown key or an empty value; the message names the key
     */
    public static ClientPropertiesFile load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "client properties file not found");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> kafka = new HashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
            } else if (KEYS.contains(key)) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(file + ": " + key + " is empty; expected a value or no line");
                }
                values.put(key, value);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": unknown key(s) " + unknown + "; expected "
                    + new TreeSet<>(KEYS) + " or Kafka client properties prefixed with " + KAFKA_PREFIX);
        }
        return new ClientPropertiesFile(file, values, kafka);
    }

    public Optional<String> directoryTopic() {
        return Optional.ofNullable(values.get(DIRECTORY_TOPIC));
    }

    public Optional<String> replyInboxTopic() {
        return Optional.ofNullable(values.get(REPLY_INBOX_TOPIC));
    }

    /** The keys of {@code trusted.identities}, as written (validated when the trust policy is built). */
    public List<String> trustedIdentities() {
        List<String> keys = new ArrayList<>();
        String v = values.get(TRUSTED_IDENTITIES);
        if (v != null) {
            for (String k : v.split("[,\\s]+")) {
                if (!k.isEmpty()) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    /** {@code trusted.identities.file}, resolved against the directory of this file. */
    public Optional<Path> trustedIdentitiesFile() {
        return Optional.ofNullable(values.get(TRUSTED_IDENTITIES_FILE)).map(v -> {
            Path p = Path.of(v);
            Path dir = file == null ? null : file.toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p);
        });
    }

    public OptionalInt forwardHops() {
        return integer(FORWARD_HOPS);
    }

    public OptionalInt replyHops() {
        return integer(REPLY_HOPS);
    }

    public Optional<Duration> epochLength() {
        return duration(EPOCH_LENGTH);
    }

    public Optional<Duration> epochGrace() {
        return duration(EPOCH_GRACE);
    }

    /** A setting's value as written in the file, for messages that echo it; empty if the file lacks it. */
    public Optional<String> written(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<Duration> requestTimeout() {
        return duration(REQUEST_TIMEOUT);
    }

    /** The {@code kafka.*} properties without their prefix. */
    public Map<String, String> kafkaProperties() {
        return Map.copyOf(kafka);
    }

    private OptionalInt integer(String key) {
        String v = values.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where() + key + " must be a whole number, found '" + v + "'");
        }
    }

    private Optional<Duration> duration(String key) {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationSetting.parse(key, v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + e.getMessage());
        }
    }

    private String where() {
        return file == null ? "" : file + ": ";
    }
}
