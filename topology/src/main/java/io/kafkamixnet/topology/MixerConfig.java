package io.kafkamixnet.topology;

import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.schemas.MixerRole;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything one mixer needs to know, immutable and validated: an instance always describes a mixer
 * that can run. Build it with {@link #builder()} or load it from a properties file with
 * {@link #load(Path, Map)}.
 *
 * <h2>Properties</h2>
 * <pre>
 * mixer.id=mix-a                      # network-wide id used in Relay commands (1..58 UTF-8 bytes)
 * mixer.role=forward                  # forward | response
 * mixer.application-id=...            # Kafka Streams application.id (default mixnet-mixer-&lt;id&gt;)
 *
 * strategy=timed                      # timed | threshold | pool | continuous
 * strategy.interval=1s                # timed, pool: flush period
 * strategy.threshold=100              # threshold: batch size n
 * strategy.max-wait=30s               # threshold: optional bounded delay (thin batches!)
 * strategy.min-pool=10                # pool: n_min, never released without more traffic
 * strategy.fraction=0.5               # pool: f in (0, 1]
 * strategy.tick=5ms                   # continuous: release check period (at most 5ms)
 * strategy.max-delay=1h               # continuous: longest per-hop delay accepted
 * strategy.rekey-interval=1s          # continuous: how often released entries are swept from the store
 *
 * topic.ingress=mix-a.in              # PacketEnvelope records in
 * topic.ingress.partitions=1          # partitions when this mixer creates its ingress topic
 * topic.dead-letter=mix-a.dead-letter # DeadLetter records (default &lt;ingress&gt;.dead-letter)
 * topic.reply-inbox=mixnet.replies    # response mixers: InboxMessage records out
 * next-hop.&lt;mixer id&gt;=&lt;topic&gt;        # one line per mixer this one may relay to
 * exit.&lt;service&gt;=&lt;topic&gt;             # forward mixers: one line per service a packet may exit to
 *
 * keys.dir=/var/lib/mixnet/mix-a      # epoch keys (mix-&lt;epoch&gt;.key), pool-store.key and identity.key, owner-only
 * keys.generate=true                  # generate a missing current or next epoch key in keys.dir (false: only
 *                                     #   use key files put there, e.g. by mixnet keygen on another instance)
 * epoch.length=1h                     # must be the same network-wide
 * epoch.grace=10m                     # previous epoch still accepted this long into the next (shorter than
 *                                     #   an epoch; default 10m, or epoch.length/6 for epochs of 10m or less)
 *
 * directory.topic=mixnet-directory    # optional: publish this mixer's signed descriptor there (needs
 *                                     #   keys.dir/identity.key, written by mixnet keygen)
 * directory.publish-interval=15m      # republish at least this often (default epoch.length/4, at least 1s);
 *                                     #   also republished whenever the announced keys change
 * geometry.max-hops=5                 # must be the same network-wide
 * geometry.packet-size=2048
 * ingress.partition-binding=true      # accept a packet only on its bound partition (replay defence)
 * replay.purge-interval=1m            # how often tags of retired epochs are deleted
 *
 * processing.guarantee=exactly_once_v2  # or at_least_once
 * state.dir=/var/lib/mixnet/state     # Kafka Streams state directory
 * num.stream.threads=1
 * topics.provision=all                # all | own (ingress, dead letter) | none
 * topics.output.partitions=1          # partitions of output topics this mixer creates
 * topics.replication-factor=-1        # -1: broker default
 * kafka.&lt;any client property&gt;=...     # passed to Kafka Streams (SASL, SSL, timeouts, ...)
 * </pre>
 * Durations are {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601
 * ({@code PT5S}). Unknown keys are errors, so a typo never silently falls back to a default.
 *
 * <p>{@code toString} lists settings but never the values of {@code kafka.*} properties, which may
 * hold passwords.
 */
public final class MixerConfig {

    public static final String DEFAULT_PROCESSING_GUARANTEE = "exactly_once_v2";
    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Topics this mixer creates or updates at start. */
    public enum TopicProvisioning {
        /** Ingress, dead letter and every output topic (next hops, exits, reply inbox). */
        ALL,
        /** Only the mixer's own topics: ingress and dead letter. */
        OWN,
        /** None: an operator (or Strimzi) manages topics. */
        NONE
    }

    private final String mixerId;
    private final MixerRole role;
    private final String applicationId;
    private final MixingStrategy strategy;
    private final String ingressTopic;
    private final int ingressPartitions;
    private final String deadLetterTopic;
    private final Optional<String> replyInboxTopic;
    private final Map<String, String> nextHops;
    private final Map<String, String> exitServices;
    private final Path keyDirectory;
    private final boolean generateKeys;
    private final EpochSchedule epochSchedule;
    private final Optional<String> directoryTopic;
    private final Duration directoryPublishInterval;
    private final boolean publishIntervalDefaulted;
    private final Geometry geometry;
    private final boolean partitionBinding;
    private final Duration replayPurgeInterval;
    private final String processingGuarantee;
    private final Optional<Path> stateDirectory;
    private final int streamThreads;
    private final TopicProvisioning topicProvisioning;
    private final int outputPartitions;
    private final short replicationFactor;
    private final Map<String, String> kafkaProperties;

    private MixerConfig(Builder b) {
        this.mixerId = requireId("mixer.id", b.mixerId);
        this.role = Objects.requireNonNull(b.role, "mixer.role is required (forward or response)");
        this.applicationId = b.applicationId != null ? requireTopicLike("mixer.application-id", b.applicationId)
                : "mixnet-mixer-" + sanitize(mixerId);
        this.strategy = Objects.requireNonNull(b.strategy, "strategy is required (timed, threshold, pool or continuous)");
        this.ingressTopic = requireTopic("topic.ingress", b.ingressTopic);
        this.ingressPartitions = requirePositive("topic.ingress.partitions", b.ingressPartitions);
        this.deadLetterTopic = requireTopic("topic.dead-letter",
                b.deadLetterTopic != null ? b.deadLetterTopic : ingressTopic + ".dead-letter");
        this.replyInboxTopic = Optional.ofNullable(b.replyInboxTopic).map(t -> requireTopic("topic.reply-inbox", t));
        this.nextHops = checkedMap("next-hop", b.nextHops);
        this.exitServices = checkedMap("exit", b.exitServices);
        this.keyDirectory = Objects.requireNonNull(b.keyDirectory, "keys.dir is required");
        this.generateKeys = b.generateKeys;
        this.epochSchedule = Objects.requireNonNull(b.epochSchedule, "epochSchedule");
        this.directoryTopic = Optional.ofNullable(b.directoryTopic).map(t -> requireTopic("directory.topic", t));
        this.publishIntervalDefaulted = b.directoryPublishInterval == null;
        this.directoryPublishInterval = b.directoryPublishInterval != null ? b.directoryPublishInterval
                : max(Duration.ofSeconds(1), epochSchedule.epochLength().dividedBy(4));
        if (directoryPublishInterval.compareTo(Duration.ofSeconds(1)) < 0
                || directoryPublishInterval.compareTo(epochSchedule.epochLength()) > 0) {
            throw new IllegalArgumentException("directory.publish-interval must be between 1s and epoch.length ("
                    + epochSchedule.epochLength() + "), found " + directoryPublishInterval);
        }
        this.geometry = Objects.requireNonNull(b.geometry, "geometry");
        this.partitionBinding = b.partitionBinding;
        this.replayPurgeInterval = Objects.requireNonNull(b.replayPurgeInterval, "replay.purge-interval");
        if (replayPurgeInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("replay.purge-interval must be at least 100ms, found " + replayPurgeInterval);
        }
        String guarantee = b.processingGuarantee.trim().toLowerCase(Locale.ROOT);
        if (!GUARANTEES.contains(guarantee)) {
            throw new IllegalArgumentException("processing.guarantee must be one of " + new TreeSet<>(GUARANTEES)
                    + ", found '" + b.processingGuarantee + "'");
        }
        this.processingGuarantee = guarantee;
        this.stateDirectory = Optional.ofNullable(b.stateDirectory);
        this.streamThreads = requirePositive("num.stream.threads", b.streamThreads);
        this.topicProvisioning = Objects.requireNonNull(b.topicProvisioning, "topics.provision");
        this.outputPartitions = requirePositive("topics.output.partitions", b.outputPartitions);
        if (b.replicationFactor < 1 && b.replicationFactor != -1) {
            throw new IllegalArgumentException("topics.replication-factor must be >= 1 or -1 (broker default), found "
                    + b.replicationFactor);
        }
        this.replicationFactor = b.replicationFactor;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        validateRoles();
        directoryTopic.ifPresent(this::validateDirectoryTopic);
        validateTopics();
    }

    private void validateRoles() {
        if (role == MixerRole.FORWARD && replyInboxTopic.isPresent()) {
            throw new IllegalArgumentException("topic.reply-inbox is for response mixers; mixer " + mixerId
                    + " is a forward mixer");
        }
        if (role == MixerRole.RESPONSE && !exitServices.isEmpty()) {
            throw new IllegalArgumentException("exit.* services are for forward mixers; mixer " + mixerId
                    + " is a response mixer and found " + exitServices.keySet());
        }
        if (role == MixerRole.RESPONSE && replyInboxTopic.isEmpty()) {
            throw new IllegalArgumentException("a response mixer needs topic.reply-inbox; none given for " + mixerId);
        }
    }

    private void validateDirectoryTopic(String topic) {
        if (topic.equals(ingressTopic) || topic.equals(deadLetterTopic) || nextHops.containsValue(topic)
                || exitServices.containsValue(topic) || replyInboxTopic.filter(topic::equals).isPresent()) {
            throw new IllegalArgumentException("directory.topic must differ from every packet, exit, inbox and dead-letter topic, found "
                    + topic);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void validateTopics() {
        for (Map.Entry<String, String> e : exitServices.entrySet()) {
            if (e.getValue().equals(ingressTopic) || e.getValue().equals(deadLetterTopic)) {
                throw new IllegalArgumentException("exit." + e.getKey() + " must not be the ingress or dead-letter topic, found "
                        + e.getValue());
            }
            if (nextHops.containsValue(e.getValue())) {
                throw new IllegalArgumentException("exit." + e.getKey() + " topic " + e.getValue()
                        + " is also a next hop's ingress topic: requests would re-enter the mixnet as packets");
            }
        }
        if (deadLetterTopic.equals(ingressTopic) || nextHops.containsValue(deadLetterTopic)) {
            throw new IllegalArgumentException("topic.dead-letter must differ from every packet topic, found " + deadLetterTopic);
        }
        replyInboxTopic.ifPresent(inbox -> {
            if (inbox.equals(ingressTopic) || inbox.equals(deadLetterTopic) || nextHops.containsValue(inbox)) {
                throw new IllegalArgumentException("topic.reply-inbox must differ from the ingress, dead-letter and next-hop topics, found "
                        + inbox);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mixerId = mixerId;
        b.role = role;
        b.applicationId = applicationId;
        b.strategy = strategy;
        b.ingressTopic = ingressTopic;
        b.ingressPartitions = ingressPartitions;
        b.deadLetterTopic = deadLetterTopic;
        b.replyInboxTopic = replyInboxTopic.orElse(null);
        b.nextHops.putAll(nextHops);
        b.exitServices.putAll(exitServices);
        b.keyDirectory = keyDirectory;
        b.generateKeys = generateKeys;
        b.epochSchedule = epochSchedule;
        b.directoryTopic = directoryTopic.orElse(null);
        b.directoryPublishInterval = publishIntervalDefaulted ? null : directoryPublishInterval; // a default follows epoch.length
        b.geometry = geometry;
        b.partitionBinding = partitionBinding;
        b.replayPurgeInterval = replayPurgeInterval;
        b.processingGuarantee = processingGuarantee;
        b.stateDirectory = stateDirectory.orElse(null);
        b.streamThreads = streamThreads;
        b.topicProvisioning = topicProvisioning;
        b.outputPartitions = outputPartitions;
        b.replicationFactor = replicationFactor;
        b.kafkaProperties.putAll(kafkaProperties);
        return b;
    }

    /**
     * Reads a properties file; {@code overrides} (e.g. from command-line flags) win over the file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the setting, what was expected and what was found
     */
    public static MixerConfig load(Path file, Map<String, String> overrides) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k.trim(), p.getProperty(k).trim()));
        settings.putAll(overrides);
        try {
            return fromMap(settings, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid mixer configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A configuration from settings named as in the class documentation. A relative {@code keys.dir}
     * or {@code state.dir} is resolved against {@code baseDirectory} (the properties file's directory)
     * when it is given.
     */
    public static MixerConfig fromMap(Map<String, String> settings, Path baseDirectory) {
        Map<String, String> s = new TreeMap<>(settings);
        Builder b = builder();
        b.mixerId(take(s, "mixer.id"));
        b.role(parseRole(take(s, "mixer.role")));
        String appId = s.remove("mixer.application-id");
        if (appId != null) {
            b.applicationId(appId);
        }
        b.strategy(parseStrategy(s));
        b.ingressTopic(take(s, "topic.ingress"));
        optional(s, "topic.ingress.partitions").ifPresent(v -> b.ingressPartitions(parseInt("topic.ingress.partitions", v)));
        optional(s, "topic.dead-letter").ifPresent(b::deadLetterTopic);
        optional(s, "topic.reply-inbox").ifPresent(b::replyInboxTopic);
        b.keyDirectory(resolve(baseDirectory, take(s, "keys.dir")));
        optional(s, "keys.generate").ifPresent(v -> b.generateKeys(parseBoolean("keys.generate", v)));
        b.epochSchedule(parseSchedule(s));
        optional(s, "directory.topic").filter(v -> !v.isEmpty()).ifPresent(b::directoryTopic);
        optional(s, "directory.publish-interval")
                .ifPresent(v -> b.directoryPublishInterval(parseDuration("directory.publish-interval", v)));
        int hops = optional(s, "geometry.max-hops").map(v -> parseInt("geometry.max-hops", v)).orElse(Geometry.defaults().maxHops());
        int size = optional(s, "geometry.packet-size").map(v -> parseInt("geometry.packet-size", v))
                .orElse(Geometry.defaults().packetSize());
        b.geometry(Geometry.of(hops, size));
        optional(s, "ingress.partition-binding").ifPresent(v -> b.partitionBinding(parseBoolean("ingress.partition-binding", v)));
        optional(s, "replay.purge-interval").ifPresent(v -> b.replayPurgeInterval(parseDuration("replay.purge-interval", v)));
        optional(s, "processing.guarantee").ifPresent(b::processingGuarantee);
        optional(s, "state.dir").ifPresent(v -> b.stateDirectory(resolve(baseDirectory, v)));
        optional(s, "num.stream.threads").ifPresent(v -> b.streamThreads(parseInt("num.stream.threads", v)));
        optional(s, "topics.provision").ifPresent(v -> b.topicProvisioning(parseProvisioning(v)));
        optional(s, "topics.output.partitions").ifPresent(v -> b.outputPartitions(parseInt("topics.output.partitions", v)));
        optional(s, "topics.replication-factor").ifPresent(v -> b.replicationFactor((short) parseInt("topics.replication-factor", v)));
        for (String key : Set.copyOf(s.keySet())) {
            if (key.startsWith("next-hop.")) {
                b.nextHop(key.substring("next-hop.".length()), s.remove(key));
            } else if (key.startsWith("exit.")) {
                b.exitService(key.substring("exit.".length()), s.remove(key));
            } else if (key.startsWith("kafka.")) {
                b.kafkaProperty(key.substring("kafka.".length()), s.remove(key));
            }
        }
        if (!s.isEmpty()) {
            throw new IllegalArgumentException("unknown setting(s) " + s.keySet() + "; expected the keys documented in "
                    + MixerConfig.class.getName() + " (client properties go under kafka.*)");
        }
        return b.build();
    }

    /** {@code forward} or {@code response}, case-insensitive. */
    static MixerRole parseRole(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("forward")) {
            return MixerRole.FORWARD;
        }
        if (v.equals("response")) {
            return MixerRole.RESPONSE;
        }
        throw new IllegalArgumentException("mixer.role must be 'forward' or 'response', found '" + value + "'");
    }

    private static EpochSchedule parseSchedule(Map<String, String> s) {
        EpochSchedule def = EpochSchedule.defaults();
        Duration length = optional(s, "epoch.length").map(v -> parseDuration("epoch.length", v)).orElse(def.epochLength());
        // The default grace must stay shorter than a short epoch (demos, tests).
        Duration grace = optional(s, "epoch.grace").map(v -> parseDuration("epoch.grace", v))
                .orElse(length.compareTo(def.grace()) <= 0 ? length.dividedBy(6) : def.grace());
        try {
            return EpochSchedule.of(length, grace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("epoch.length=" + length + ", epoch.grace=" + grace + ": " + e.getMessage());
        }
    }

    private static MixingStrategy parseStrategy(Map<String, String> s) {
        String name = take(s, "strategy").toLowerCase(Locale.ROOT);
        MixingStrategy strategy = switch (name) {
            case "timed" -> new MixingStrategy.Timed(parseDuration("strategy.interval", take(s, "strategy.interval")));
            case "threshold" -> new MixingStrategy.Threshold(parseInt("strategy.threshold", take(s, "strategy.threshold")),
                    optional(s, "strategy.max-wait").filter(v -> !v.isEmpty()).map(v -> parseDuration("strategy.max-wait", v)));
            case "pool" -> new MixingStrategy.Pool(parseDuration("strategy.interval", take(s, "strategy.interval")),
                    parseInt("strategy.min-pool", take(s, "strategy.min-pool")),
                    parseDouble("strategy.fraction", take(s, "strategy.fraction")));
            case "continuous" -> {
                MixingStrategy.Continuous d = MixingStrategy.Continuous.defaults();
                yield new MixingStrategy.Continuous(
                        optional(s, "strategy.tick").map(v -> parseDuration("strategy.tick", v)).orElse(d.tick()),
                        optional(s, "strategy.max-delay").map(v -> parseDuration("strategy.max-delay", v)).orElse(d.maxDelay()),
                        optional(s, "strategy.rekey-interval").map(v -> parseDuration("strategy.rekey-interval", v))
                                .orElse(d.rekeyInterval()));
            }
            default -> throw new IllegalArgumentException("strategy must be timed, threshold, pool or continuous, found '"
                    + name + "'");
        };
        for (String key : s.keySet()) {
            if (key.startsWith("strategy.")) {
                throw new IllegalArgumentException("setting " + key + " does not apply to strategy " + name);
            }
        }
        return strategy;
    }

    /** Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or an ISO-8601 duration. */
    public static Duration parseDuration(String name, String value) {
        String v = value.trim();
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a duration like 250ms, 5s, 2m, 1h or PT5S, found '" + value + "'");
        }
    }

    private static String take(Map<String, String> s, String key) {
        String v = s.remove(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v.trim();
    }

    private static Optional<String> optional(Map<String, String> s, String key) {
        return Optional.ofNullable(s.remove(key)).map(String::trim);
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, found '" + v + "'");
        }
    }

    private static double parseDouble(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, found '" + v + "'");
        }
    }

    private static boolean parseBoolean(String name, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, found '" + v + "'");
        };
    }

    private static TopicProvisioning parseProvisioning(String v) {
        try {
            return TopicProvisioning.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topics.provision must be all, own or none, found '" + v + "'");
        }
    }

    private static Path resolve(Path base, String v) {
        Path p = Path.of(v);
        return base == null || p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    private static String requireId(String what, String id) {
        if (id == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        try {
            new RoutingCommand.Relay(id); // the packet format's rule for ids
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
        return id;
    }

    private static String requireTopic(String what, String topic) {
        if (topic == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        try {
            return TopicSpec.of(topic, 1, (short) -1, Map.of()).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    private static String requireTopicLike(String what, String value) {
        return requireTopic(what, value);
    }

    private static int requirePositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, found " + v);
        }
        return v;
    }

    private static String sanitize(String id) {
        return id.replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    private static Map<String, String> checkedMap(String prefix, Map<String, String> m) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.put(requireId(prefix + " name", e.getKey()), requireTopic(prefix + "." + e.getKey(), e.getValue()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    public String mixerId() {
        return mixerId;
    }

    /**
     * What traffic the mixer carries, which decides the routing commands it obeys. {@code FORWARD}:
     * requests; obeys Relay (to a configured next hop), Exit (to a configured service) and Drop,
     * refuses DeliverReply. {@code RESPONSE}: replies built from SURBs; obeys Relay, DeliverReply (to
     * the configured reply inbox) and Drop, refuses Exit, so a reply can never reach a service topic.
     * The same enum is announced in the mixer's descriptor.
     */
    public MixerRole role() {
        return role;
    }

    /** Kafka Streams {@code application.id}: the consumer group, transactional ids and internal topic prefix. */
    public String applicationId() {
        return applicationId;
    }

    public MixingStrategy strategy() {
        return strategy;
    }

    public String ingressTopic() {
        return ingressTopic;
    }

    /** Partitions of the ingress topic when this mixer creates it (an existing topic keeps its own count, or grows). */
    public int ingressPartitions() {
        return ingressPartitions;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public Optional<String> replyInboxTopic() {
        return replyInboxTopic;
    }

    /** Mixer id to that mixer's ingress topic: the only places a Relay command can send a packet. */
    public Map<String, String> nextHops() {
        return nextHops;
    }

    /** Service name to exit topic: the only topics an Exit command can reach. */
    public Map<String, String> exitServices() {
        return exitServices;
    }

    public Path keyDirectory() {
        return keyDirectory;
    }

    /** Whether the mixer generates a missing current or next epoch key in {@link #keyDirectory()} ({@code keys.generate}). */
    public boolean generateKeys() {
        return generateKeys;
    }

    /** The network-wide epoch clock ({@code epoch.length}, {@code epoch.grace}). */
    public EpochSchedule epochSchedule() {
        return epochSchedule;
    }

    /** The compacted topic this mixer publishes its signed descriptor to; empty: it does not publish. */
    public Optional<String> directoryTopic() {
        return directoryTopic;
    }

    /** Longest time between two descriptors of this mixer (they are also published whenever its keys change). */
    public Duration directoryPublishInterval() {
        return directoryPublishInterval;
    }

    public Geometry geometry() {
        return geometry;
    }

    public boolean partitionBinding() {
        return partitionBinding;
    }

    public Duration replayPurgeInterval() {
        return replayPurgeInterval;
    }

    /** {@code exactly_once_v2} (default) or {@code at_least_once}. */
    public String processingGuarantee() {
        return processingGuarantee;
    }

    public Optional<Path> stateDirectory() {
        return stateDirectory;
    }

    public int streamThreads() {
        return streamThreads;
    }

    public TopicProvisioning topicProvisioning() {
        return topicProvisioning;
    }

    public int outputPartitions() {
        return outputPartitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /** Extra Kafka client properties ({@code kafka.*} without the prefix), e.g. SASL or SSL settings. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** Every topic this mixer writes packets to, by role (for provisioning and ACLs). */
    public Map<String, String> outputTopics() {
        Map<String, String> out = new LinkedHashMap<>();
        nextHops.forEach((id, topic) -> out.put("next-hop." + id, topic));
        exitServices.forEach((svc, topic) -> out.put("exit." + svc, topic));
        replyInboxTopic.ifPresent(t -> out.put("topic.reply-inbox", t));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixerConfig c && c.toComparable().equals(toComparable());
    }

    @Override
    public int hashCode() {
        return toComparable().hashCode();
    }

    private Map<String, Object> toComparable() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", mixerId);
        m.put("role", role);
        m.put("app", applicationId);
        m.put("strategy", strategy);
        m.put("ingress", ingressTopic);
        m.put("ingressPartitions", ingressPartitions);
        m.put("dead", deadLetterTopic);
        m.put("inbox", replyInboxTopic);
        m.put("hops", nextHops);
        m.put("exits", exitServices);
        m.put("keys", keyDirectory);
        m.put("generateKeys", generateKeys);
        m.put("epochs", epochSchedule);
        m.put("directory", directoryTopic);
        m.put("publishInterval", directoryPublishInterval);
        m.put("geometry", geometry);
        m.put("binding", partitionBinding);
        m.put("purge", replayPurgeInterval);
        m.put("guarantee", processingGuarantee);
        m.put("state", stateDirectory);
        m.put("threads", streamThreads);
        m.put("provision", topicProvisioning);
        m.put("outPartitions", outputPartitions);
        m.put("rf", replicationFactor);
        m.put("kafka", kafkaProperties);
        return m;
    }

    @Override
    public String toString() {
        return "MixerConfig[id=" + mixerId + ", role=" + role + ", strategy=" + strategy.summary() + ", ingress=" + ingressTopic
                + ", nextHops=" + nextHops + ", exits=" + exitServices + ", replyInbox=" + replyInboxTopic.orElse("-")
                + ", deadLetter=" + deadLetterTopic + ", guarantee=" + processingGuarantee + ", epochs=" + epochSchedule
                + ", directory=" + directoryTopic.orElse("-")
                + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet()) + "]";
    }

    /** Mutable builder; {@link #build()} validates everything. */
    public static final class Builder {
        private String mixerId;
        private MixerRole role;
        private String applicationId;
        private MixingStrategy strategy;
        private String ingressTopic;
        private int ingressPartitions = 1;
        private String deadLetterTopic;
        private String replyInboxTopic;
        private final Map<String, String> nextHops = new LinkedHashMap<>();
        private final Map<String, String> exitServices = new LinkedHashMap<>();
        private Path keyDirectory;
        private boolean generateKeys = true;
        private EpochSchedule epochSchedule = EpochSchedule.defaults();
        private String directoryTopic;
        private Duration directoryPublishInterval;
        private Geometry geometry = Geometry.defaults();
        private boolean partitionBinding = true;
        private Duration replayPurgeInterval = Duration.ofMinutes(1);
        private String processingGuarantee = DEFAULT_PROCESSING_GUARANTEE;
        private Path stateDirectory;
        private int streamThreads = 1;
        private TopicProvisioning topicProvisioning = TopicProvisioning.ALL;
        private int outputPartitions = 1;
        private short replicationFactor = -1;
        private final Map<String, String> kafkaProperties = new HashMap<>();

        private Builder() {
        }

        public Builder mixerId(String v) { mixerId = v; return this; }
        public Builder role(MixerRole v) { role = v; return this; }
        public Builder applicationId(String v) { applicationId = v; return this; }
        public Builder strategy(MixingStrategy v) { strategy = v; return this; }
        public Builder ingressTopic(String v) { ingressTopic = v; return this; }
        public Builder ingressPartitions(int v) { ingressPartitions = v; return this; }
        public Builder deadLetterTopic(String v) { deadLetterTopic = v; return this; }
        public Builder replyInboxTopic(String v) { replyInboxTopic = v; return this; }
        public Builder nextHop(String mixer, String topic) { nextHops.put(mixer, topic); return this; }
        public Builder exitService(String service, String topic) { exitServices.put(service, topic); return this; }
        public Builder keyDirectory(Path v) { keyDirectory = v; return this; }
        public Builder generateKeys(boolean v) { generateKeys = v; return this; }
        public Builder epochSchedule(EpochSchedule v) { epochSchedule = v; return this; }
        /** Publish the signed descriptor to this topic; null: do not publish. */
        public Builder directoryTopic(String v) { directoryTopic = v; return this; }
        /** Null: epoch.length / 4 (at least 1s). */
        public Builder directoryPublishInterval(Duration v) { directoryPublishInterval = v; return this; }
        public Builder geometry(Geometry v) { geometry = v; return this; }
        public Builder partitionBinding(boolean v) { partitionBinding = v; return this; }
        public Builder replayPurgeInterval(Duration v) { replayPurgeInterval = v; return this; }
        public Builder processingGuarantee(String v) { processingGuarantee = Objects.requireNonNull(v); return this; }
        public Builder stateDirectory(Path v) { stateDirectory = v; return this; }
        public Builder streamThreads(int v) { streamThreads = v; return this; }
        public Builder topicProvisioning(TopicProvisioning v) { topicProvisioning = v; return this; }
        public Builder outputPartitions(int v) { outputPartitions = v; return this; }
        public Builder replicationFactor(short v) { replicationFactor = v; return this; }
        public Builder kafkaProperty(String key, String value) { kafkaProperties.put(key, value); return this; }

        public MixerConfig build() {
            return new MixerConfig(this);
        }
    }
}
