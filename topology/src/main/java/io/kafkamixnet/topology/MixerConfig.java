package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixerConfigDef.*;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.MixerRole;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything one mixer needs to know, immutable and validated: an instance always describes a mixer
 * that can run. Build it with {@link #builder()} or load it from a properties file with
 * {@link #load(Path, Map)}.
 *
 * <p>Every setting (name, type, default, valid values, documentation) is declared once in
 * {@link MixerConfigDef}; {@code docs/mixing.md} shows them as a table generated from it. For example:
 * <pre>
 * mixer.id=mix-a
 * mixer.role=forward
 * strategy=pool
 * strategy.interval=1s
 * strategy.min-pool=10
 * strategy.fraction=0.5
 * topic.ingress=mix-a.in
 * next-hop.mix-b=mix-b.in
 * exit.survey=exit.survey
 * keys.dir=/var/lib/mixnet/mix-a
 * kafka.security.protocol=SASL_SSL
 * </pre>
 * Durations are written as {@link DurationSetting} reads them ({@code 250ms},
 * {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}). Unknown keys are errors, so
 * a typo never silently falls back to a default.
 *
 * <p>{@code toString} lists settings but never the values of {@code kafka.*} properties, which may
 * hold passwords.
 */
public final class MixerConfig {

    public static final String DEFAULT_PROCESSING_GUARANTEE = MixerConfigDef.DEFAULT_PROCESSING_GUARANTEE;

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
    private final Optional<String> instanceId;
    private final MixingStrategy strategy;
    private final String ingressTopic;
    private final int ingressPartitions;
    private final String deadLetterTopic;
    private final Optional<String> replyInboxTopic;
    private final Map<String, String> nextHops;
    private final Map<String, String> exitServices;
    private final Map<String, String> heartbeatEntries;
    private final Optional<String> heartbeatReplyInbox;
    private final Path keyDirectory;
    private final boolean generateKeys;
    private final EpochSchedule epochSchedule;
    private final Optional<String> directoryTopic;
    private final Duration directoryPublishInterval;
    private final boolean publishIntervalDefaulted;
    private final Geometry geometry;
    private final boolean partitionBinding;
    private final Duration replayPurgeInterval;
    private final Duration startupRetryTimeout;
    private final DefenceSettings defences;
    private final String processingGuarantee;
    private final Optional<Path> stateDirectory;
    private final int streamThreads;
    private final int rocksDbMemoryMib;
    private final TopicProvisioning topicProvisioning;
    private final int outputPartitions;
    private final short replicationFactor;
    private final Map<String, String> kafkaProperties;
    private final int metricsPort;
    private final String metricsBindAddress;

    /** Checks each value with its key's declared validator (the same as {@link #fromMap}), then the rules joining keys. */
    private MixerConfig(Builder b) {
        this.mixerId = require(MIXER_ID, b.mixerId);
        this.role = Objects.requireNonNull(b.role, "mixer.role is required (forward or response)");
        this.applicationId = b.applicationId != null
                ? require(MIXER_APPLICATION_ID, b.applicationId)
                : "mixnet-mixer-" + sanitize(mixerId);
        this.instanceId = Optional.ofNullable(b.instanceId).map(id -> require(MIXER_INSTANCE_ID, id));
        this.strategy =
                Objects.requireNonNull(b.strategy, "strategy is required (" + MixingStrategy.namesInWords() + ")");
        this.ingressTopic = require(TOPIC_INGRESS, b.ingressTopic);
        this.ingressPartitions = require(TOPIC_INGRESS_PARTITIONS, b.ingressPartitions);
        this.deadLetterTopic = require(
                TOPIC_DEAD_LETTER, b.deadLetterTopic != null ? b.deadLetterTopic : ingressTopic + ".dead-letter");
        this.replyInboxTopic = Optional.ofNullable(b.replyInboxTopic).map(t -> require(TOPIC_REPLY_INBOX, t));
        this.nextHops = checkedMap(NEXT_HOP, NEXT_HOP_PREFIX, b.nextHops);
        this.exitServices = checkedMap(EXIT, EXIT_PREFIX, b.exitServices);
        this.heartbeatEntries = checkedMap(HEARTBEAT_ENTRY, HEARTBEAT_ENTRY_PREFIX, b.heartbeatEntries);
        this.heartbeatReplyInbox =
                Optional.ofNullable(b.heartbeatReplyInbox).map(t -> require(HEARTBEAT_REPLY_INBOX, t));
        this.keyDirectory = Objects.requireNonNull(b.keyDirectory, "keys.dir is required");
        this.generateKeys = b.generateKeys;
        this.epochSchedule = Objects.requireNonNull(b.epochSchedule, "epochSchedule");
        this.directoryTopic = Optional.ofNullable(b.directoryTopic).map(t -> require(DIRECTORY_TOPIC, t));
        this.publishIntervalDefaulted = b.directoryPublishInterval == null;
        this.directoryPublishInterval = b.directoryPublishInterval != null
                ? b.directoryPublishInterval
                : max(MIN_PUBLISH_INTERVAL, epochSchedule.epochLength().dividedBy(4));
        if (directoryPublishInterval.compareTo(MIN_PUBLISH_INTERVAL) < 0
                || directoryPublishInterval.compareTo(epochSchedule.epochLength()) > 0) {
            throw new IllegalArgumentException(DIRECTORY_PUBLISH_INTERVAL + " must be between 1s and epoch.length ("
                    + epochSchedule.epochLength() + "), found " + directoryPublishInterval);
        }
        this.geometry = Objects.requireNonNull(b.geometry, "geometry");
        this.partitionBinding = b.partitionBinding;
        this.replayPurgeInterval =
                require(REPLAY_PURGE_INTERVAL, Objects.requireNonNull(b.replayPurgeInterval, REPLAY_PURGE_INTERVAL));
        this.processingGuarantee =
                require(PROCESSING_GUARANTEE, b.processingGuarantee).trim().toLowerCase(Locale.ROOT);
        this.stateDirectory = Optional.ofNullable(b.stateDirectory);
        this.streamThreads = require(NUM_STREAM_THREADS, b.streamThreads);
        this.rocksDbMemoryMib = require(STATE_ROCKSDB_MEMORY_MIB, b.rocksDbMemoryMib);
        this.topicProvisioning = Objects.requireNonNull(b.topicProvisioning, TOPICS_PROVISION);
        this.outputPartitions = require(TOPICS_OUTPUT_PARTITIONS, b.outputPartitions);
        this.replicationFactor = require(TOPICS_REPLICATION_FACTOR, b.replicationFactor);
        this.startupRetryTimeout =
                require(STARTUP_RETRY_TIMEOUT, Objects.requireNonNull(b.startupRetryTimeout, STARTUP_RETRY_TIMEOUT));
        this.defences = Objects.requireNonNull(b.defences, "defences");
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.metricsPort = require(METRICS_PORT, b.metricsPort);
        this.metricsBindAddress =
                require(METRICS_BIND_ADDRESS, Objects.requireNonNull(b.metricsBindAddress, METRICS_BIND_ADDRESS));
        rejectOwnGroupInstanceId(kafkaProperties);
        validateRoles();
        directoryTopic.ifPresent(this::validateDirectoryTopic);
        validateTopics();
        validateResponseLoops();
        if (defences.any() && directoryTopic.isEmpty()) {
            throw new IllegalArgumentException(
                    "dummies and heartbeat loops draw their routes from the directory: mixer " + mixerId
                            + " sets dummy.* or heartbeat.* but no directory.topic");
        }
    }

    private void validateRoles() {
        if (role == MixerRole.FORWARD && replyInboxTopic.isPresent()) {
            throw new IllegalArgumentException(
                    "topic.reply-inbox is for response mixers; mixer " + mixerId + " is a forward mixer");
        }
        if (role == MixerRole.RESPONSE && !exitServices.isEmpty()) {
            throw new IllegalArgumentException("exit.* services are for forward mixers; mixer " + mixerId
                    + " is a response mixer and found " + exitServices.keySet());
        }
        if (role == MixerRole.RESPONSE && replyInboxTopic.isEmpty()) {
            throw new IllegalArgumentException("a response mixer needs topic.reply-inbox; none given for " + mixerId);
        }
    }

    /**
     * {@code heartbeat.entry.*} and {@code heartbeat.reply-inbox} go with response-path loops of a forward
     * mixer, and with nothing else: a response mixer's reply-path loops start at its next hops and end at
     * itself, and a setting nobody reads would hide a misconfiguration.
     */
    private void validateResponseLoops() {
        boolean responseLoops = defences.heartbeats(io.kafkamixnet.topology.cover.LoopPath.RESPONSE);
        boolean settings = !heartbeatEntries.isEmpty() || heartbeatReplyInbox.isPresent();
        if (settings && (!responseLoops || role == MixerRole.RESPONSE)) {
            throw new IllegalArgumentException("heartbeat.entry.* and heartbeat.reply-inbox are for forward mixers"
                    + " with heartbeat.rate > 0 and heartbeat.paths including response; mixer " + mixerId + " is a "
                    + role.name().toLowerCase(Locale.ROOT) + " mixer with heartbeat.rate="
                    + defences.heartbeatRate() + " and heartbeat.paths=" + defences.heartbeatPathsSetting()
                    + ", found " + (heartbeatEntries.isEmpty() ? "" : "heartbeat.entry." + heartbeatEntries.keySet())
                    + heartbeatReplyInbox
                            .map(t -> " heartbeat.reply-inbox=" + t)
                            .orElse(""));
        }
        if (role == MixerRole.FORWARD
                && defences.heartbeats()
                && !defences.heartbeatPaths().contains(io.kafkamixnet.topology.cover.LoopPath.FORWARD)
                && (defences.heartbeatHold() || defences.heartbeatLoopsPerBatch() > 0)) {
            // A forward mixer's reply-path loops never reach its own ingress: nothing they say can
            // release a hold, and no stream task would ever see one of them come back.
            throw new IllegalArgumentException("heartbeat.hold and heartbeat.loops-per-batch need loops through the"
                    + " mixer's own ingress: forward mixer " + mixerId + " has heartbeat.paths="
                    + defences.heartbeatPathsSetting() + "; add forward");
        }
        if (responseLoops && role == MixerRole.FORWARD) {
            if (heartbeatEntries.isEmpty() || heartbeatReplyInbox.isEmpty()) {
                throw new IllegalArgumentException("forward mixer " + mixerId + " sends response-path loops"
                        + " (heartbeat.paths=" + defences.heartbeatPathsSetting() + ") and needs at least one"
                        + " heartbeat.entry.<response-mixer-id> and heartbeat.reply-inbox, found "
                        + (heartbeatEntries.isEmpty()
                                ? "no heartbeat.entry.*"
                                : heartbeatEntries.entrySet().stream()
                                        .map(e -> "heartbeat.entry." + e.getKey() + "=" + e.getValue())
                                        .sorted()
                                        .collect(Collectors.joining(", ")))
                        + " and "
                        + heartbeatReplyInbox
                                .map(t -> "heartbeat.reply-inbox=" + t)
                                .orElse("no heartbeat.reply-inbox"));
            }
            for (Map.Entry<String, String> e : heartbeatEntries.entrySet()) {
                String t = e.getValue();
                if (t.equals(ingressTopic)
                        || t.equals(deadLetterTopic)
                        || exitServices.containsValue(t)
                        || t.equals(heartbeatReplyInbox.get())) {
                    throw new IllegalArgumentException("heartbeat.entry." + e.getKey() + " must be a response mixer's"
                            + " ingress, not this mixer's ingress, dead-letter, an exit or the reply inbox, found "
                            + t);
                }
                for (Map.Entry<String, String> hop : nextHops.entrySet()) {
                    if (hop.getValue().equals(t) && !hop.getKey().equals(e.getKey())) {
                        // A forward mixer's next hops are forward mixers: a reply packet there is refused.
                        throw new IllegalArgumentException("heartbeat.entry." + e.getKey() + " must be a response"
                                + " mixer's ingress, not the ingress of next hop " + hop.getKey() + " (next-hop."
                                + hop.getKey() + "), found " + t);
                    }
                }
                if (nextHops.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("heartbeat.entry." + e.getKey() + " names a next hop of forward"
                            + " mixer " + mixerId + "; entries are response mixers, found " + t);
                }
            }
            String inbox = heartbeatReplyInbox.get();
            if (inbox.equals(ingressTopic)
                    || inbox.equals(deadLetterTopic)
                    || nextHops.containsValue(inbox)
                    || exitServices.containsValue(inbox)
                    || directoryTopic.filter(inbox::equals).isPresent()) {
                throw new IllegalArgumentException("heartbeat.reply-inbox must be the shared reply inbox, not a"
                        + " packet, exit, dead-letter or directory topic of this mixer, found " + inbox);
            }
        }
    }

    private void validateDirectoryTopic(String topic) {
        if (topic.equals(ingressTopic)
                || topic.equals(deadLetterTopic)
                || nextHops.containsValue(topic)
                || exitServices.containsValue(topic)
                || replyInboxTopic.filter(topic::equals).isPresent()) {
            throw new IllegalArgumentException(
                    "directory.topic must differ from every packet, exit, inbox and dead-letter topic, found " + topic);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void validateTopics() {
        for (Map.Entry<String, String> e : exitServices.entrySet()) {
            if (e.getValue().equals(ingressTopic) || e.getValue().equals(deadLetterTopic)) {
                throw new IllegalArgumentException(
                        "exit." + e.getKey() + " must not be the ingress or dead-letter topic, found " + e.getValue());
            }
            if (nextHops.containsValue(e.getValue())) {
                throw new IllegalArgumentException("exit." + e.getKey() + " topic " + e.getValue()
                        + " is also a next hop's ingress topic: requests would re-enter the mixnet as packets");
            }
        }
        if (deadLetterTopic.equals(ingressTopic) || nextHops.containsValue(deadLetterTopic)) {
            throw new IllegalArgumentException(
                    "topic.dead-letter must differ from every packet topic, found " + deadLetterTopic);
        }
        replyInboxTopic.ifPresent(inbox -> {
            if (inbox.equals(ingressTopic) || inbox.equals(deadLetterTopic) || nextHops.containsValue(inbox)) {
                throw new IllegalArgumentException(
                        "topic.reply-inbox must differ from the ingress, dead-letter and next-hop topics, found "
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
        b.instanceId = instanceId.orElse(null);
        b.strategy = strategy;
        b.ingressTopic = ingressTopic;
        b.ingressPartitions = ingressPartitions;
        b.deadLetterTopic = deadLetterTopic;
        b.replyInboxTopic = replyInboxTopic.orElse(null);
        b.nextHops.putAll(nextHops);
        b.exitServices.putAll(exitServices);
        b.heartbeatEntries.putAll(heartbeatEntries);
        b.heartbeatReplyInbox = heartbeatReplyInbox.orElse(null);
        b.keyDirectory = keyDirectory;
        b.generateKeys = generateKeys;
        b.epochSchedule = epochSchedule;
        b.directoryTopic = directoryTopic.orElse(null);
        b.directoryPublishInterval =
                publishIntervalDefaulted ? null : directoryPublishInterval; // a default follows epoch.length
        b.geometry = geometry;
        b.partitionBinding = partitionBinding;
        b.replayPurgeInterval = replayPurgeInterval;
        b.processingGuarantee = processingGuarantee;
        b.stateDirectory = stateDirectory.orElse(null);
        b.streamThreads = streamThreads;
        b.rocksDbMemoryMib = rocksDbMemoryMib;
        b.topicProvisioning = topicProvisioning;
        b.outputPartitions = outputPartitions;
        b.replicationFactor = replicationFactor;
        b.startupRetryTimeout = startupRetryTimeout;
        b.defences = defences;
        b.kafkaProperties.putAll(kafkaProperties);
        b.metricsPort = metricsPort;
        b.metricsBindAddress = metricsBindAddress;
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
        } catch (NoSuchFileException e) {
            // The JDK's message is the bare path; say what it is and what is missing.
            throw new NoSuchFileException(file.toString(), null, "mixer configuration file not found");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        p.stringPropertyNames()
                .forEach(k -> settings.put(k.trim(), p.getProperty(k).trim()));
        settings.putAll(overrides);
        try {
            return fromMap(settings, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid mixer configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A configuration from settings named as in {@link MixerConfigDef}. A relative {@code keys.dir}
     * or {@code state.dir} is resolved against {@code baseDirectory} (the properties file's directory)
     * when it is given.
     *
     * @throws IllegalArgumentException naming the setting, what was expected and what was found; for
     *         unknown keys, and for strategy keys the chosen strategy does not read
     */
    public static MixerConfig fromMap(Map<String, String> settings, Path baseDirectory) {
        return MixerConfigReader.read(settings, baseDirectory);
    }

    /**
     * Static membership is the mixer's to set: a {@code group.instance.id} passed through {@code kafka.*}
     * would be shared by every thread and every restart policy the mixer relies on.
     */
    private static void rejectOwnGroupInstanceId(Map<String, String> kafkaProperties) {
        for (String key : kafkaProperties.keySet()) {
            if (key.equals("group.instance.id") || key.endsWith(".group.instance.id")) {
                throw new IllegalArgumentException(KAFKA_PREFIX + key + " is not allowed: set " + MIXER_INSTANCE_ID
                        + " instead (the mixer derives each consumer's group.instance.id from it)");
            }
        }
    }

    private static String sanitize(String id) {
        return id.replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    /** Names checked as ids (the packet format's rule), topics with the family key's validator, e.g. {@code exit.survey}. */
    private static Map<String, String> checkedMap(String family, String prefix, Map<String, String> m) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            String name = require(MIXER_ID, prefix.substring(0, prefix.length() - 1) + " name", e.getKey());
            out.put(name, require(family, prefix + e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(out);
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

    /**
     * {@code mixer.instance-id} as set; empty means the instance's id is kept in its state directory
     * ({@link MixerInstanceId}).
     */
    public Optional<String> instanceId() {
        return instanceId;
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

    /** How long start-up waits out transient cluster errors ({@code startup.retry.timeout}). */
    /**
     * {@code heartbeat.entry.*}: response mixer id to ingress topic, the first hops of this forward
     * mixer's reply-path loops (empty unless it sends them). No packet can relay there: only loops
     * this mixer builds are written to these topics.
     */
    public Map<String, String> heartbeatEntries() {
        return heartbeatEntries;
    }

    /**
     * {@code heartbeat.reply-inbox}: the shared reply inbox this forward mixer reads to recognise its
     * reply-path loops; empty unless it sends them.
     */
    public Optional<String> heartbeatReplyInbox() {
        return heartbeatReplyInbox;
    }

    /** Dummies and heartbeat loops (docs/defences.md). */
    public DefenceSettings defences() {
        return defences;
    }

    public Duration startupRetryTimeout() {
        return startupRetryTimeout;
    }

    /** The retry policy of this mixer's start-up steps, bounded by {@link #startupRetryTimeout()}. */
    public StartupRetry startupRetry() {
        return StartupRetry.of(startupRetryTimeout).describedAs(STARTUP_RETRY_TIMEOUT);
    }

    /**
     * TCP port of the Prometheus endpoint ({@code metrics.port}): empty when there is none (-1), 0 for
     * any free port.
     */
    public java.util.OptionalInt metricsPort() {
        return metricsPort == METRICS_DISABLED ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(metricsPort);
    }

    /** Address the metrics endpoint listens on ({@code metrics.bind-address}, loopback by default). */
    public String metricsBindAddress() {
        return metricsBindAddress;
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

    /** Bound on all RocksDB memory of the process in MiB ({@code state.rocksdb.memory-mib}); 0: Kafka Streams' defaults. */
    public int rocksDbMemoryMib() {
        return rocksDbMemoryMib;
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
        heartbeatEntries.forEach((id, topic) -> out.put(HEARTBEAT_ENTRY_PREFIX + id, topic));
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
        m.put("instance", instanceId);
        m.put("strategy", strategy);
        m.put("ingress", ingressTopic);
        m.put("ingressPartitions", ingressPartitions);
        m.put("dead", deadLetterTopic);
        m.put("inbox", replyInboxTopic);
        m.put("hops", nextHops);
        m.put("exits", exitServices);
        m.put("heartbeatEntries", heartbeatEntries);
        m.put("heartbeatInbox", heartbeatReplyInbox);
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
        m.put("rocksDbMemoryMib", rocksDbMemoryMib);
        m.put("provision", topicProvisioning);
        m.put("outPartitions", outputPartitions);
        m.put("rf", replicationFactor);
        m.put("startupRetry", startupRetryTimeout);
        m.put("defences", defences);
        m.put("kafka", kafkaProperties);
        m.put("metricsPort", metricsPort);
        m.put("metricsBind", metricsBindAddress);
        return m;
    }

    @Override
    public String toString() {
        return "MixerConfig[id=" + mixerId + ", role=" + role + ", strategy=" + strategy.summary() + ", ingress="
                + ingressTopic
                + ", nextHops=" + nextHops + ", exits=" + exitServices + ", replyInbox=" + replyInboxTopic.orElse("-")
                + ", deadLetter=" + deadLetterTopic + ", guarantee=" + processingGuarantee + ", epochs=" + epochSchedule
                + ", directory=" + directoryTopic.orElse("-")
                + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet()) + "]";
    }

    /** Mutable builder with the declared defaults ({@link MixerConfigDef}); {@link #build()} validates everything. */
    public static final class Builder {
        private String mixerId;
        private MixerRole role;
        private String applicationId;
        private String instanceId;
        private MixingStrategy strategy;
        private String ingressTopic;
        private int ingressPartitions = DEFAULT_INGRESS_PARTITIONS;
        private String deadLetterTopic;
        private String replyInboxTopic;
        private final Map<String, String> nextHops = new LinkedHashMap<>();
        private final Map<String, String> exitServices = new LinkedHashMap<>();
        private final Map<String, String> heartbeatEntries = new LinkedHashMap<>();
        private String heartbeatReplyInbox;
        private Path keyDirectory;
        private boolean generateKeys = DEFAULT_GENERATE_KEYS;
        private EpochSchedule epochSchedule = EpochSchedule.defaults();
        private String directoryTopic;
        private Duration directoryPublishInterval;
        private Geometry geometry = Geometry.defaults();
        private boolean partitionBinding = DEFAULT_PARTITION_BINDING;
        private Duration replayPurgeInterval = DEFAULT_REPLAY_PURGE_INTERVAL;
        private Duration startupRetryTimeout = DEFAULT_STARTUP_RETRY_TIMEOUT;
        private DefenceSettings defences = DefenceSettings.off();
        private String processingGuarantee = DEFAULT_PROCESSING_GUARANTEE;
        private Path stateDirectory;
        private int streamThreads = DEFAULT_STREAM_THREADS;
        private int rocksDbMemoryMib;
        private TopicProvisioning topicProvisioning = DEFAULT_TOPIC_PROVISIONING;
        private int outputPartitions = DEFAULT_OUTPUT_PARTITIONS;
        private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
        private final Map<String, String> kafkaProperties = new HashMap<>();
        private int metricsPort = METRICS_DISABLED;
        private String metricsBindAddress = DEFAULT_METRICS_BIND_ADDRESS;

        private Builder() {}

        /** {@code metrics.port}: -1 for no endpoint (default), 0 for any free port. */
        public Builder metricsPort(int v) {
            metricsPort = v;
            return this;
        }

        /** {@code metrics.bind-address}: where the metrics endpoint listens (default 127.0.0.1). */
        public Builder metricsBindAddress(String v) {
            metricsBindAddress = v;
            return this;
        }

        public Builder mixerId(String v) {
            mixerId = v;
            return this;
        }

        public Builder role(MixerRole v) {
            role = v;
            return this;
        }

        public Builder applicationId(String v) {
            applicationId = v;
            return this;
        }

        /** {@code mixer.instance-id}; null: derived from the state directory at start. */
        public Builder instanceId(String v) {
            instanceId = v;
            return this;
        }

        public Builder strategy(MixingStrategy v) {
            strategy = v;
            return this;
        }

        public Builder ingressTopic(String v) {
            ingressTopic = v;
            return this;
        }

        public Builder ingressPartitions(int v) {
            ingressPartitions = v;
            return this;
        }

        public Builder deadLetterTopic(String v) {
            deadLetterTopic = v;
            return this;
        }

        public Builder replyInboxTopic(String v) {
            replyInboxTopic = v;
            return this;
        }

        public Builder nextHop(String mixer, String topic) {
            nextHops.put(mixer, topic);
            return this;
        }

        public Builder exitService(String service, String topic) {
            exitServices.put(service, topic);
            return this;
        }

        /** {@code heartbeat.entry.<mixer>}: a response mixer this forward mixer's reply-path loops may start at. */
        public Builder heartbeatEntry(String mixer, String topic) {
            heartbeatEntries.put(mixer, topic);
            return this;
        }

        /** {@code heartbeat.reply-inbox}: where this forward mixer reads its reply-path loops back; null: none. */
        public Builder heartbeatReplyInbox(String topic) {
            heartbeatReplyInbox = topic;
            return this;
        }

        public Builder keyDirectory(Path v) {
            keyDirectory = v;
            return this;
        }

        public Builder generateKeys(boolean v) {
            generateKeys = v;
            return this;
        }

        public Builder epochSchedule(EpochSchedule v) {
            epochSchedule = v;
            return this;
        }
        /** Publish the signed descriptor to this topic; null: do not publish. */
        public Builder directoryTopic(String v) {
            directoryTopic = v;
            return this;
        }
        /** Null: epoch.length / 4 (at least 1s). */
        public Builder directoryPublishInterval(Duration v) {
            directoryPublishInterval = v;
            return this;
        }

        public Builder geometry(Geometry v) {
            geometry = v;
            return this;
        }

        public Builder partitionBinding(boolean v) {
            partitionBinding = v;
            return this;
        }

        public Builder replayPurgeInterval(Duration v) {
            replayPurgeInterval = v;
            return this;
        }

        /** {@code startup.retry.timeout}: how long start-up waits out transient cluster errors; 0: one attempt. */
        /** Dummies and heartbeat loops (default: all off). */
        public Builder defences(DefenceSettings v) {
            defences = v;
            return this;
        }

        public Builder startupRetryTimeout(Duration v) {
            startupRetryTimeout = v;
            return this;
        }

        public Builder processingGuarantee(String v) {
            processingGuarantee = Objects.requireNonNull(v);
            return this;
        }

        public Builder stateDirectory(Path v) {
            stateDirectory = v;
            return this;
        }

        public Builder rocksDbMemoryMib(int v) {
            rocksDbMemoryMib = v;
            return this;
        }

        public Builder streamThreads(int v) {
            streamThreads = v;
            return this;
        }

        public Builder topicProvisioning(TopicProvisioning v) {
            topicProvisioning = v;
            return this;
        }

        public Builder outputPartitions(int v) {
            outputPartitions = v;
            return this;
        }

        public Builder replicationFactor(short v) {
            replicationFactor = v;
            return this;
        }

        public Builder kafkaProperty(String key, String value) {
            kafkaProperties.put(key, value);
            return this;
        }

        public MixerConfig build() {
            return new MixerConfig(this);
        }
    }
}
