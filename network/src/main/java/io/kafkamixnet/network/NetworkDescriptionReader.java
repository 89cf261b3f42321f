package io.kafkamixnet.network;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@code network.properties} file key by key (the format is in {@code docs/operations.md},
 * "Network description"); whatever is left at the end is an unknown key, reported all at once, so a
 * typo never silently falls back to a default.
 */
final class NetworkDescriptionReader {

    static final String DIRECTORY_TOPIC = "directory.topic";
    static final String EPOCH_LENGTH = "epoch.length";
    static final String EPOCH_GRACE = "epoch.grace";
    static final String ADMIN_PRINCIPAL = "admin.principal";
    static final String MIXER_PREFIX = "mixer.";
    static final String SERVICE_PREFIX = "service.";
    static final String CLIENT_PRINCIPALS = "client.principals";
    static final String CLIENT_INBOX_TOPICS = "client.inbox-topics";
    static final String CLIENT_INBOX_GROUP_PREFIX = "client.inbox-group-prefix";
    static final String QUOTA_PRODUCER_BYTE_RATE = "client.quota.producer-byte-rate";
    static final String QUOTA_CONSUMER_BYTE_RATE = "client.quota.consumer-byte-rate";
    static final String QUOTA_REQUEST_PERCENTAGE = "client.quota.request-percentage";
    static final String AUDITOR_PRINCIPAL = "auditor.principal";
    static final String AUDITOR_GROUP = "auditor.group";
    /** Client user when {@code client.principals} is unset. */
    static final String DEFAULT_CLIENT_PRINCIPAL = "client";

    private final Map<String, String> remaining;
    private final Path baseDirectory;

    private NetworkDescriptionReader(Map<String, String> settings, Path baseDirectory) {
        this.remaining = new TreeMap<>(settings);
        this.baseDirectory = baseDirectory;
    }

    static NetworkDescription load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "network description file not found");
        }
        Map<String, String> settings = new TreeMap<>();
        p.stringPropertyNames()
                .forEach(k -> settings.put(k.trim(), p.getProperty(k).trim()));
        try {
            return new NetworkDescriptionReader(settings, file.toAbsolutePath().getParent()).read();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid network description " + file + ": " + e.getMessage(), e);
        }
    }

    private NetworkDescription read() throws IOException {
        NetworkDescription.Builder b = NetworkDescription.builder();
        b.directoryTopic(required(DIRECTORY_TOPIC));
        readSchedule().ifPresent(b::epochSchedule);
        optional(ADMIN_PRINCIPAL).ifPresent(b::adminPrincipal);
        for (String id : namesIn(MIXER_PREFIX)) {
            b.mixer(readMixer(id));
        }
        for (String name : namesIn(SERVICE_PREFIX)) {
            b.service(readService(name));
        }
        b.clientPrincipals(optional(CLIENT_PRINCIPALS)
                .map(v -> list(CLIENT_PRINCIPALS, v))
                .orElse(List.of(DEFAULT_CLIENT_PRINCIPAL)));
        optional(CLIENT_INBOX_TOPICS).ifPresent(v -> b.inboxTopics(list(CLIENT_INBOX_TOPICS, v)));
        optional(CLIENT_INBOX_GROUP_PREFIX).ifPresent(b::clientInboxGroupPrefix);
        b.clientQuota(new ClientQuota(
                optionalLong(QUOTA_PRODUCER_BYTE_RATE),
                optionalLong(QUOTA_CONSUMER_BYTE_RATE),
                optionalDouble(QUOTA_REQUEST_PERCENTAGE)));
        Optional<String> auditor = optional(AUDITOR_PRINCIPAL);
        Optional<String> auditorGroup = optional(AUDITOR_GROUP);
        if (auditor.isPresent()) {
            b.auditor(new NetworkAuditor(auditor.get(), auditorGroup));
        } else if (auditorGroup.isPresent()) {
            throw new IllegalArgumentException(AUDITOR_GROUP + " needs " + AUDITOR_PRINCIPAL + ", found no auditor");
        }
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + remaining.keySet() + "; expected "
                    + DIRECTORY_TOPIC + ", " + EPOCH_LENGTH + ", " + EPOCH_GRACE + ", " + ADMIN_PRINCIPAL
                    + ", mixer.<id>.config|principal, service.<name>.exit-topic|group|reply-through|principal, "
                    + "client.principals, client.inbox-topics, client.inbox-group-prefix, client.quota.*,"
                    + " auditor.principal, auditor.group"
                    + " (docs/operations.md, Network description)");
        }
        return b.build();
    }

    private NetworkMixer readMixer(String id) throws IOException {
        String key = MIXER_PREFIX + id + ".config";
        String file = required(key);
        Path path = baseDirectory == null
                ? Path.of(file)
                : baseDirectory.resolve(file).normalize();
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, key + " must name a mixer configuration file");
        }
        MixerConfig config = MixerConfig.load(path, Map.of());
        if (!config.mixerId().equals(id)) {
            throw new IllegalArgumentException(
                    key + "=" + file + " must configure mixer " + id + ", found mixer.id=" + config.mixerId());
        }
        String principal = optional(MIXER_PREFIX + id + ".principal").orElse(id);
        return new NetworkMixer(config, principal, Optional.of(path));
    }

    private NetworkService readService(String name) {
        String prefix = SERVICE_PREFIX + name + ".";
        String exitTopic = required(prefix + "exit-topic");
        return new NetworkService(
                name,
                optional(prefix + "principal").orElse("service-" + name),
                exitTopic,
                optional(prefix + "group").orElse(NetworkService.defaultGroupId(exitTopic)),
                list(prefix + "reply-through", required(prefix + "reply-through")));
    }

    /** The {@code <name>} of every {@code <prefix><name>.<field>} key, sorted. */
    private List<String> namesIn(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : remaining.keySet()) {
            int dot = key.lastIndexOf('.');
            if (key.startsWith(prefix) && dot > prefix.length()) {
                names.add(key.substring(prefix.length(), dot));
            }
        }
        return new ArrayList<>(names);
    }

    private Optional<EpochSchedule> readSchedule() {
        Optional<Duration> length = optional(EPOCH_LENGTH).map(v -> DurationSetting.parse(EPOCH_LENGTH, v));
        Optional<Duration> grace = optional(EPOCH_GRACE).map(v -> DurationSetting.parse(EPOCH_GRACE, v));
        if (length.isEmpty() && grace.isEmpty()) {
            return Optional.empty();
        }
        if (length.isEmpty() || grace.isEmpty()) {
            throw new IllegalArgumentException(EPOCH_LENGTH + " and " + EPOCH_GRACE
                    + " go together (or neither, to take the mixers' common clock), found only "
                    + (length.isPresent() ? EPOCH_LENGTH : EPOCH_GRACE));
        }
        try {
            return Optional.of(EpochSchedule.of(length.get(), grace.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    EPOCH_LENGTH + "=" + length.get() + ", " + EPOCH_GRACE + "=" + grace.get() + ": " + e.getMessage());
        }
    }

    private String required(String key) {
        String v = remaining.remove(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v;
    }

    private Optional<String> optional(String key) {
        String v = remaining.remove(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    private OptionalLong optionalLong(String key) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of bytes per second, found " + v.get());
        }
    }

    private OptionalDouble optionalDouble(String key) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v.get()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of percent, found " + v.get());
        }
    }

    private static List<String> list(String key, String value) {
        List<String> items = Arrays.stream(value.split(",")).map(String::trim).toList();
        if (items.isEmpty() || items.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(
                    key + " must be a comma-separated list without empty items, found '" + value + "'");
        }
        return items;
    }
}
