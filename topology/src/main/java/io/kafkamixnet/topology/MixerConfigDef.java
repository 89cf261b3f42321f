package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ConfigDefMarkdown;
import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryNames;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.topology.cover.LoopPath;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every mixer setting, declared once as a Kafka {@link ConfigDef}: name, type, default, valid values,
 * importance, documentation and group. {@link MixerConfig#fromMap} reads properties through it (key by
 * key, in {@code MixerConfigReader} with a {@code SettingsReader}), the
 * {@link MixerConfig.Builder} checks its values with the same validators, and the configuration table
 * in {@code docs/mixing.md} is {@link #markdownTable()} (a test keeps the two equal).
 *
 * <p>Durations are {@link Type#STRING} keys with a {@link DurationSetting} validator. Rules that join
 * several keys (roles and topics, grace and epoch length, publish interval and epoch length, which
 * strategy keys a strategy needs) are written in their documentation and enforced by {@link MixerConfig},
 * {@link MixingStrategy} and, for the strategy keys, {@code MixerConfigReader}. Keys whose name ends in a placeholder ({@link #NEXT_HOP}, {@link #EXIT},
 * {@link #HEARTBEAT_ENTRY}, {@link #KAFKA}) stand for a family of keys sharing a prefix.
 */
public final class MixerConfigDef {

    public static final String MIXER_ID = "mixer.id";
    public static final String MIXER_ROLE = "mixer.role";
    public static final String MIXER_APPLICATION_ID = "mixer.application-id";
    public static final String MIXER_INSTANCE_ID = "mixer.instance-id";

    public static final String STRATEGY = "strategy";
    public static final String STRATEGY_INTERVAL = "strategy.interval";
    public static final String STRATEGY_THRESHOLD = "strategy.threshold";
    public static final String STRATEGY_MAX_WAIT = "strategy.max-wait";
    public static final String STRATEGY_MIN_POOL = "strategy.min-pool";
    public static final String STRATEGY_FRACTION = "strategy.fraction";
    public static final String STRATEGY_TICK = "strategy.tick";
    public static final String STRATEGY_MAX_DELAY = "strategy.max-delay";
    public static final String STRATEGY_REKEY_INTERVAL = "strategy.rekey-interval";
    /** Every strategy key starts with this; one that the chosen strategy does not read is an error. */
    public static final String STRATEGY_PREFIX = "strategy.";

    public static final String TOPIC_INGRESS = "topic.ingress";
    public static final String TOPIC_INGRESS_PARTITIONS = "topic.ingress.partitions";
    public static final String TOPIC_DEAD_LETTER = "topic.dead-letter";
    public static final String TOPIC_REPLY_INBOX = "topic.reply-inbox";
    public static final String NEXT_HOP_PREFIX = "next-hop.";
    public static final String NEXT_HOP = NEXT_HOP_PREFIX + "<mixer-id>";
    public static final String EXIT_PREFIX = "exit.";
    public static final String EXIT = EXIT_PREFIX + "<service>";
    public static final String TOPICS_PROVISION = "topics.provision";
    public static final String TOPICS_OUTPUT_PARTITIONS = "topics.output.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication-factor";
    public static final String STARTUP_RETRY_TIMEOUT = "startup.retry.timeout";

    public static final String KEYS_DIR = "keys.dir";
    public static final String KEYS_GENERATE = "keys.generate";
    public static final String EPOCH_LENGTH = "epoch.length";
    public static final String EPOCH_GRACE = "epoch.grace";

    public static final String DIRECTORY_TOPIC = "directory.topic";
    public static final String DIRECTORY_PUBLISH_INTERVAL = "directory.publish-interval";

    public static final String DUMMY_MIN_BATCH = "dummy.min-batch";
    public static final String DUMMY_RATE = "dummy.rate";
    public static final String DUMMY_MAX_RATE = "dummy.max-rate";
    public static final String DUMMY_HOPS = "dummy.hops";
    public static final String HEARTBEAT_RATE = "heartbeat.rate";
    public static final String HEARTBEAT_HOPS = "heartbeat.hops";
    public static final String HEARTBEAT_WINDOW = "heartbeat.window";
    public static final String HEARTBEAT_RETURN_GRACE = "heartbeat.return-grace";
    public static final String HEARTBEAT_EXPECTED_RETURN = "heartbeat.expected-return";
    public static final String HEARTBEAT_FALSE_ALARM = "heartbeat.false-alarm";
    public static final String HEARTBEAT_HOLD = "heartbeat.hold";
    public static final String HEARTBEAT_LOOPS_PER_BATCH = "heartbeat.loops-per-batch";
    public static final String HEARTBEAT_PATHS = "heartbeat.paths";
    public static final String HEARTBEAT_ENTRY_PREFIX = "heartbeat.entry.";
    public static final String HEARTBEAT_ENTRY = HEARTBEAT_ENTRY_PREFIX + "<mixer-id>";
    public static final String HEARTBEAT_REPLY_INBOX = "heartbeat.reply-inbox";

    public static final String GEOMETRY_MAX_HOPS = "geometry.max-hops";
    public static final String GEOMETRY_PACKET_SIZE = "geometry.packet-size";
    public static final String INGRESS_PARTITION_BINDING = "ingress.partition-binding";
    public static final String REPLAY_PURGE_INTERVAL = "replay.purge-interval";

    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STATE_DIR = "state.dir";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String STATE_ROCKSDB_MEMORY_MIB = "state.rocksdb.memory-mib";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String KAFKA = KAFKA_PREFIX + "<client-property>";

    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_BIND_ADDRESS = "metrics.bind-address";

    static final int DEFAULT_INGRESS_PARTITIONS = 1;
    static final boolean DEFAULT_GENERATE_KEYS = true;
    static final boolean DEFAULT_PARTITION_BINDING = true;
    static final Duration DEFAULT_REPLAY_PURGE_INTERVAL = Duration.ofMinutes(1);
    static final Duration MIN_REPLAY_PURGE_INTERVAL = Duration.ofMillis(100);
    static final String DEFAULT_PROCESSING_GUARANTEE = "exactly_once_v2";
    static final int DEFAULT_STREAM_THREADS = 1;
    static final MixerConfig.TopicProvisioning DEFAULT_TOPIC_PROVISIONING = MixerConfig.TopicProvisioning.ALL;
    static final int DEFAULT_OUTPUT_PARTITIONS = 1;
    static final short DEFAULT_REPLICATION_FACTOR = -1;
    static final Duration DEFAULT_STARTUP_RETRY_TIMEOUT = StartupRetry.DEFAULT_TIMEOUT;
    /** {@code metrics.port} default: no endpoint. */
    static final int METRICS_DISABLED = -1;
    /** {@code metrics.bind-address} default: loopback, so nothing is exposed beyond the host unless asked. */
    static final String DEFAULT_METRICS_BIND_ADDRESS = "127.0.0.1";
    /** Shortest {@code directory.publish-interval}, and the floor of its default. */
    static final Duration MIN_PUBLISH_INTERVAL = Duration.ofSeconds(1);

    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");
    private static final ConfigDef DEFINITION = define();

    private MixerConfigDef() {}

    /** A copy of the definition (a {@link ConfigDef} is mutable), e.g. for {@code toRst()} or tools. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEFINITION);
    }

    /** The configuration table of {@code docs/mixing.md}: one Markdown table per group. */
    public static String markdownTable() {
        return ConfigDefMarkdown.render(DEFINITION);
    }

    /** Whether {@code name} is a declared key (not one of the prefixed families). */
    static boolean isDeclared(String name) {
        return DEFINITION.configKeys().containsKey(name);
    }

    /** The declared key {@code name}; {@code name} must be one of this class's constants. */
    static ConfigDef.ConfigKey key(String name) {
        ConfigDef.ConfigKey key = DEFINITION.configKeys().get(name);
        if (key == null) {
            throw new IllegalStateException("no mixer setting " + name + " is declared");
        }
        return key;
    }

    /** Reads {@code settings} against this definition. */
    static SettingsReader reader(Map<String, String> settings) {
        return new SettingsReader(DEFINITION, settings);
    }

    /**
     * Checks a value given through the builder with {@code key}'s declared validator.
     *
     * @throws IllegalArgumentException "{@code key} is required" for null, else the validator's message
     */
    static <T> T require(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        SettingsReader.validate(key(key), key, value);
        return value;
    }

    /** Like {@link #require} for one key of a prefixed family: {@code name} is e.g. {@code exit.survey}. */
    static <T> T require(String family, String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        SettingsReader.validate(key(family), name, value);
        return value;
    }

    /** {@code forward} or {@code response}, case-insensitive; empty for anything else. */
    static Optional<MixerRole> roleNamed(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "forward" -> Optional.of(MixerRole.FORWARD);
            case "response" -> Optional.of(MixerRole.RESPONSE);
            default -> Optional.empty();
        };
    }

    /** {@code all}, {@code own} or {@code none}, case-insensitive; empty for anything else. */
    static Optional<MixerConfig.TopicProvisioning> provisioningNamed(String value) {
        try {
            return Optional.of(
                    MixerConfig.TopicProvisioning.valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        MixingStrategy.Continuous continuous = MixingStrategy.Continuous.defaults();
        Duration minInterval = MixingStrategy.MIN_INTERVAL;
        EpochSchedule epochs = EpochSchedule.defaults();
        Geometry geometry = Geometry.defaults();

        new Group(def, "Mixer")
                .add(
                        MIXER_ID,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        mixerId(),
                        Importance.HIGH,
                        "Network-wide id of this mixer, used in Relay commands.")
                .add(
                        MIXER_ROLE,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        role(),
                        Importance.HIGH,
                        "`forward` mixers carry requests (Relay, Exit, Drop); `response` mixers carry replies built from SURBs "
                                + "(Relay, DeliverReply, Drop). Case-insensitive.")
                .add(
                        MIXER_APPLICATION_ID,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.LOW,
                        "Kafka Streams `application.id`: the consumer group, transactional ids and internal topic prefix.",
                        "`mixnet-mixer-<mixer.id>`")
                .add(
                        MIXER_INSTANCE_ID,
                        Type.STRING,
                        null,
                        instanceId(),
                        Importance.MEDIUM,
                        "Which instance of the mixer this is: the static group membership (`group.instance.id`) of its "
                                + "Kafka Streams consumers. A restarted instance with the same id takes its partitions back "
                                + "at once instead of after the session timeout. Must be stable across restarts of one "
                                + "instance and distinct between instances running at the same time: a second live "
                                + "instance with the same id fences the first, which then stops with an error. See "
                                + "\"Restarts and failover\".",
                        "a random id kept in the instance's state directory (`<state.dir>/<application-id>/"
                                + MixerInstanceId.FILE_NAME + "`), created on first start");

        new Group(def, "Strategy")
                .add(
                        STRATEGY,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        strategy(),
                        Importance.HIGH,
                        "When held packets leave. Case-insensitive. A `strategy.*` key the chosen strategy does not read "
                                + "is an error.")
                .add(
                        STRATEGY_INTERVAL,
                        Type.STRING,
                        null,
                        DurationSetting.atLeast(minInterval),
                        Importance.HIGH,
                        "`timed`, `pool` (required): flush period.")
                .add(
                        STRATEGY_THRESHOLD,
                        Type.INT,
                        null,
                        atLeast(1),
                        Importance.HIGH,
                        "`threshold` (required): batch size n.")
                .add(
                        STRATEGY_MAX_WAIT,
                        Type.STRING,
                        null,
                        DurationSetting.atLeast(minInterval),
                        Importance.MEDIUM,
                        "`threshold`: also release everything held once the oldest packet has waited this long (bounded "
                                + "delay at the price of thin batches). Unset or empty: off.")
                .add(
                        STRATEGY_MIN_POOL,
                        Type.INT,
                        null,
                        atLeast(0),
                        Importance.HIGH,
                        "`pool` (required): n_min, packets never released without more traffic.")
                .add(
                        STRATEGY_FRACTION,
                        Type.DOUBLE,
                        null,
                        fraction(),
                        Importance.HIGH,
                        "`pool` (required): fraction f of the held packets released per round.")
                .add(
                        STRATEGY_TICK,
                        Type.STRING,
                        DurationSetting.format(continuous.tick()),
                        DurationSetting.between(minInterval, MixingStrategy.Continuous.MAX_TICK),
                        Importance.LOW,
                        "`continuous`: how often due packets are looked for; keeps the release granularity within "
                                + DurationSetting.format(MixingStrategy.Continuous.GRANULARITY) + ".")
                .add(
                        STRATEGY_MAX_DELAY,
                        Type.STRING,
                        DurationSetting.format(continuous.maxDelay()),
                        DurationSetting.atLeast(minInterval),
                        Importance.MEDIUM,
                        "`continuous`: longest per-hop delay accepted; longer ones are dead-lettered as DELAY_TOO_LONG.")
                .add(
                        STRATEGY_REKEY_INTERVAL,
                        Type.STRING,
                        DurationSetting.format(continuous.rekeyInterval()),
                        DurationSetting.atLeast(minInterval),
                        Importance.LOW,
                        "`continuous`: how often released entries are swept from the pool store.");

        new Group(def, "Topics")
                .add(
                        TOPIC_INGRESS,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        topicName(),
                        Importance.HIGH,
                        "PacketEnvelope records in.")
                .add(
                        TOPIC_INGRESS_PARTITIONS,
                        Type.INT,
                        DEFAULT_INGRESS_PARTITIONS,
                        atLeast(1),
                        Importance.MEDIUM,
                        "Partitions when this mixer creates its ingress topic (an existing topic keeps its count, or grows).")
                .add(
                        TOPIC_DEAD_LETTER,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.MEDIUM,
                        "DeadLetter records; must differ from every packet topic.",
                        "`<topic.ingress>.dead-letter`")
                .add(
                        TOPIC_REPLY_INBOX,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.HIGH,
                        "InboxMessage records out: required for response mixers, not allowed for forward mixers.")
                .add(
                        NEXT_HOP,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.HIGH,
                        "The ingress topic of a mixer this one may relay to; one key per mixer. Relay commands reach only "
                                + "these.")
                .add(
                        EXIT,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.HIGH,
                        "Forward mixers: the topic of a service a packet may exit to; one key per service. Must not be "
                                + "the ingress, dead-letter or a next hop's topic.")
                .add(
                        TOPICS_PROVISION,
                        Type.STRING,
                        DEFAULT_TOPIC_PROVISIONING.name().toLowerCase(Locale.ROOT),
                        provisioning(),
                        Importance.MEDIUM,
                        "Topics created or updated at start: `all` (own and output topics), `own` (ingress, dead letter) "
                                + "or `none` (an operator manages them).")
                .add(
                        TOPICS_OUTPUT_PARTITIONS,
                        Type.INT,
                        DEFAULT_OUTPUT_PARTITIONS,
                        atLeast(1),
                        Importance.LOW,
                        "Partitions of output topics this mixer creates.")
                .add(
                        TOPICS_REPLICATION_FACTOR,
                        Type.INT,
                        (int) DEFAULT_REPLICATION_FACTOR,
                        replicationFactor(),
                        Importance.MEDIUM,
                        "Replication factor of topics this mixer creates; -1: the broker's default.")
                .add(
                        STARTUP_RETRY_TIMEOUT,
                        Type.STRING,
                        DurationSetting.format(DEFAULT_STARTUP_RETRY_TIMEOUT),
                        DurationSetting.atLeast(Duration.ZERO),
                        Importance.LOW,
                        "How long start-up (topic provisioning, describing the ingress topic, publishing the first "
                                + "descriptor) waits out transient cluster errors (unknown topic right after its creation, "
                                + "no leader or controller yet, timeouts), retrying with backoff; then the mixer fails "
                                + "with the last error. `0s`: one attempt. Errors waiting cannot fix (authorization, "
                                + "invalid config) fail at once.");

        new Group(def, "Keys and epochs")
                .add(
                        KEYS_DIR,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        null,
                        Importance.HIGH,
                        "Owner-only directory of the epoch keys (`mix-<epoch>.key`), `pool-store.key` and `identity.key`. "
                                + "Relative to the properties file's directory.")
                .add(
                        KEYS_GENERATE,
                        Type.BOOLEAN,
                        DEFAULT_GENERATE_KEYS,
                        null,
                        Importance.MEDIUM,
                        "Generate a missing current or next epoch key in `keys.dir`; `false`: only use key files put "
                                + "there, e.g. by `mixnet keygen` on another instance.")
                .add(
                        EPOCH_LENGTH,
                        Type.STRING,
                        DurationSetting.format(epochs.epochLength()),
                        DurationSetting.validator(),
                        Importance.HIGH,
                        "Key epoch length, at least 1s; must be the same network-wide.")
                .add(
                        EPOCH_GRACE,
                        Type.STRING,
                        null,
                        DurationSetting.validator(),
                        Importance.MEDIUM,
                        "How long the previous epoch's key is still accepted into the next epoch; shorter than an epoch.",
                        "`" + DurationSetting.format(epochs.grace()) + "`, or `epoch.length`/6 for epochs of "
                                + DurationSetting.format(epochs.grace()) + " or less");

        new Group(def, "Directory")
                .add(
                        DIRECTORY_TOPIC,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.MEDIUM,
                        "Publish this mixer's signed descriptor to this compacted topic (needs `keys.dir/identity.key`, "
                                + "written by `mixnet keygen`). Unset or empty: do not publish. Must differ from every "
                                + "packet, exit, inbox and dead-letter topic.")
                .add(
                        DIRECTORY_PUBLISH_INTERVAL,
                        Type.STRING,
                        null,
                        DurationSetting.validator(),
                        Importance.LOW,
                        "Republish at least this often (also whenever the announced keys change); between "
                                + DurationSetting.format(MIN_PUBLISH_INTERVAL) + " and `epoch.length`.",
                        "`epoch.length`/4, at least " + DurationSetting.format(MIN_PUBLISH_INTERVAL));

        DefenceSettings off = DefenceSettings.off();
        new Group(def, "Defences (docs/defences.md; each needs `directory.topic`)")
                .add(
                        DUMMY_MIN_BATCH,
                        Type.INT,
                        off.dummyMinBatch(),
                        between(0, 100_000),
                        Importance.MEDIUM,
                        "Top up every flush with dummy packets (real Sphinx packets to a random route ending in Drop) "
                                + "to at least this many packets. 0: off.")
                .add(
                        DUMMY_RATE,
                        Type.DOUBLE,
                        off.dummyRate(),
                        rate(),
                        Importance.LOW,
                        "Dummies per second sent on their own at Poisson times (for continuous mixers, whose "
                                + "packets leave one by one). 0: off.")
                .add(
                        DUMMY_MAX_RATE,
                        Type.DOUBLE,
                        off.dummyMaxRate(),
                        positiveRate(),
                        Importance.LOW,
                        "Most dummies per second per stream task (top-ups and `dummy.rate` together); a flush "
                                + "that would need more is topped up only as far as the budget allows.")
                .add(
                        DUMMY_HOPS,
                        Type.INT,
                        off.dummyHops(),
                        between(1, Geometry.MAX_SUPPORTED_HOPS),
                        Importance.LOW,
                        "Hops of a dummy's route, starting at one of this mixer's next hops (shorter where the "
                                + "announced links allow no longer route).")
                .add(
                        HEARTBEAT_RATE,
                        Type.DOUBLE,
                        off.heartbeatRate(),
                        rate(),
                        Importance.MEDIUM,
                        "Heartbeat loops per second (Poisson), per mixer: packets along random routes that come "
                                + "back to this mixer, which recognises them by their last hop's replay tag. 0: off.")
                .add(
                        HEARTBEAT_HOPS,
                        Type.INT,
                        off.heartbeatHops(),
                        between(1, Geometry.MAX_SUPPORTED_HOPS - 1),
                        Importance.LOW,
                        "Other mixers a loop visits before it comes back.")
                .add(
                        HEARTBEAT_WINDOW,
                        Type.STRING,
                        DurationSetting.format(off.heartbeatWindow()),
                        DurationSetting.atLeast(Duration.ofMillis(100)),
                        Importance.MEDIUM,
                        "Loops sent within this window are tested together (binomial lower tail).")
                .add(
                        HEARTBEAT_RETURN_GRACE,
                        Type.STRING,
                        DurationSetting.format(off.heartbeatReturnGrace()),
                        DurationSetting.atLeast(Duration.ofMillis(1)),
                        Importance.MEDIUM,
                        "How long a loop may take to come back before it counts as missing; above the longest "
                                + "honest round trip through `heartbeat.hops` mixers.")
                .add(
                        HEARTBEAT_EXPECTED_RETURN,
                        Type.DOUBLE,
                        off.heartbeatExpectedReturn(),
                        openUnit(),
                        Importance.LOW,
                        "Share of loops that come back within the grace on an honest network (the test's null "
                                + "hypothesis).")
                .add(
                        HEARTBEAT_FALSE_ALARM,
                        Type.DOUBLE,
                        off.heartbeatFalseAlarm(),
                        falseAlarm(),
                        Importance.LOW,
                        "Probability that one test (one per second) raises the alarm on an honest network.")
                .add(
                        HEARTBEAT_HOLD,
                        Type.BOOLEAN,
                        off.heartbeatHold(),
                        null,
                        Importance.MEDIUM,
                        "While the alarm is raised, release nothing (Danezis & Sassaman 2003); needs "
                                + "`heartbeat.rate` > 0.")
                .add(
                        HEARTBEAT_LOOPS_PER_BATCH,
                        Type.INT,
                        off.heartbeatLoopsPerBatch(),
                        atLeast(0),
                        Importance.LOW,
                        "A flush needs this many of this mixer's loops to have come back to the same stream task "
                                + "since its previous flush: an n-1 attacker who lets in nothing but its own packets "
                                + "cannot flush. 0: off; needs `heartbeat.rate` > 0.")
                .add(
                        HEARTBEAT_PATHS,
                        Type.STRING,
                        off.heartbeatPathsSetting(),
                        loopPaths(),
                        Importance.MEDIUM,
                        "Which loops are sent, each path at `heartbeat.rate` with its own test: `forward` (a forward "
                                + "packet through `heartbeat.hops` other mixers back to this mixer's ingress), "
                                + "`response` (a reply built from a reply block this mixer makes for itself, through "
                                + "`heartbeat.hops` response mixers to the shared reply inbox, where it is recognised "
                                + "by its SURB id). Comma-separated. The alarm is raised when either path's test "
                                + "fails.")
                .add(
                        HEARTBEAT_ENTRY,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.MEDIUM,
                        "Forward mixers with `response` loops: the ingress topic of a response mixer this mixer "
                                + "sends its reply-path loops into (their first hop); one key per response mixer, at "
                                + "least one. Not allowed for response mixers, whose loops start at their next "
                                + "hops. Loops only: no packet can relay there.")
                .add(
                        HEARTBEAT_REPLY_INBOX,
                        Type.STRING,
                        null,
                        topicName(),
                        Importance.MEDIUM,
                        "Forward mixers with `response` loops (required): the shared reply inbox the response "
                                + "mixers deliver to, read from its end (assigned partitions, no consumer group) to "
                                + "recognise this mixer's reply-path loops. Not allowed for response mixers: they "
                                + "are the last hop of their own reply-path loops and recognise them there.");

        new Group(def, "Packets and replay")
                .add(
                        GEOMETRY_MAX_HOPS,
                        Type.INT,
                        geometry.maxHops(),
                        between(1, Geometry.MAX_SUPPORTED_HOPS),
                        Importance.HIGH,
                        "Longest route in hops; must be the same network-wide.")
                .add(
                        GEOMETRY_PACKET_SIZE,
                        Type.INT,
                        geometry.packetSize(),
                        null,
                        Importance.HIGH,
                        "Packet size in bytes, at most " + Geometry.MAX_PACKET_SIZE + " and enough for the header of "
                                + "`geometry.max-hops` hops plus " + Geometry.MIN_PAYLOAD_SIZE
                                + " payload bytes; must be the same network-wide.")
                .add(
                        INGRESS_PARTITION_BINDING,
                        Type.BOOLEAN,
                        DEFAULT_PARTITION_BINDING,
                        null,
                        Importance.MEDIUM,
                        "Accept a packet only on its bound ingress partition (replay defence across partitions).")
                .add(
                        REPLAY_PURGE_INTERVAL,
                        Type.STRING,
                        DurationSetting.format(DEFAULT_REPLAY_PURGE_INTERVAL),
                        DurationSetting.atLeast(MIN_REPLAY_PURGE_INTERVAL),
                        Importance.LOW,
                        "How often replay tags of retired epochs are deleted.");

        new Group(def, "Kafka Streams")
                .add(
                        PROCESSING_GUARANTEE,
                        Type.STRING,
                        DEFAULT_PROCESSING_GUARANTEE,
                        guarantee(),
                        Importance.MEDIUM,
                        "Kafka Streams processing guarantee. Case-insensitive.")
                .add(
                        STATE_DIR,
                        Type.STRING,
                        null,
                        null,
                        Importance.MEDIUM,
                        "Kafka Streams state directory. Relative to the properties file's directory.",
                        "Kafka Streams' default")
                .add(
                        NUM_STREAM_THREADS,
                        Type.INT,
                        DEFAULT_STREAM_THREADS,
                        atLeast(1),
                        Importance.MEDIUM,
                        "Kafka Streams threads.")
                .add(
                        STATE_ROCKSDB_MEMORY_MIB,
                        Type.INT,
                        0,
                        atLeast(0),
                        Importance.MEDIUM,
                        "Bound, in MiB, on the memory of every RocksDB store of this process together: one block "
                                + "cache shared by all, with the memtables counted against it. 0 leaves Kafka "
                                + "Streams' defaults, which are per store and per task (a 50 MiB block cache and up "
                                + "to three 16 MiB memtables each), so RSS grows with the tasks.")
                .add(
                        KAFKA,
                        Type.STRING,
                        null,
                        null,
                        Importance.MEDIUM,
                        "Any Kafka client property, passed to Kafka Streams without the prefix (SASL, SSL, timeouts). "
                                + "Values are never logged. Properties without the prefix are unknown settings.");

        new Group(def, "Metrics")
                .add(
                        METRICS_PORT,
                        Type.INT,
                        METRICS_DISABLED,
                        between(METRICS_DISABLED, 65535),
                        Importance.MEDIUM,
                        "TCP port of the HTTP endpoint `/metrics` (Prometheus text format: the mixer's counters, Kafka"
                                + " Streams' and its clients' metrics, JVM metrics; see docs/operations.md). -1: no"
                                + " endpoint; 0: any free port (the mixer prints the one it bound).")
                .add(
                        METRICS_BIND_ADDRESS,
                        Type.STRING,
                        DEFAULT_METRICS_BIND_ADDRESS,
                        nonBlank(),
                        Importance.LOW,
                        "Address the metrics endpoint listens on: loopback by default; `0.0.0.0` (every interface) for"
                                + " a Prometheus on another host.");
        return def;
    }

    /** Adds keys to one group of a definition, numbering them in the order they are added. */
    private static final class Group {
        private final ConfigDef def;
        private final String name;
        private int order;

        Group(ConfigDef def, String name) {
            this.def = def;
            this.name = name;
        }

        Group add(String key, Type type, Object defaultValue, Validator validator, Importance importance, String doc) {
            return add(key, type, defaultValue, validator, importance, doc, null);
        }

        /** {@code derivedDefault}: the default to document when it follows other settings (the declared one is null). */
        Group add(
                String key,
                Type type,
                Object defaultValue,
                Validator validator,
                Importance importance,
                String doc,
                String derivedDefault) {
            def.define(
                    key,
                    type,
                    defaultValue,
                    validator,
                    importance,
                    doc,
                    name,
                    ++order,
                    Width.MEDIUM,
                    key,
                    List.of(),
                    null,
                    derivedDefault);
            return this;
        }
    }

    /** A validator with a written rule: {@code toString} is the valid values column of the documentation. */
    private record Rule(String validValues, BiConsumer<String, Object> check) implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) { // null: not set; whether it must be set is the reader's business
                check.accept(name, value);
            }
        }

        @Override
        public String toString() {
            return validValues;
        }
    }

    private static Rule mixerId() {
        return new Rule("1 to " + Geometry.MAX_ID_LENGTH + " UTF-8 bytes, no control characters", (name, value) -> {
            try {
                // The directory's rule (the packet format's plus no control characters), so the mixer
                // never announces a name that readers refuse.
                new RoutingCommand.Relay((String) value);
                DirectoryNames.check("mixer id", (String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
        });
    }

    private static Rule instanceId() {
        return new Rule(
                "1 to " + MixerInstanceId.MAX_LENGTH + " of `a-z A-Z 0-9 . _ -`",
                (name, value) -> MixerInstanceId.validate(name, (String) value));
    }

    private static Rule topicName() {
        return new Rule("a Kafka topic name", (name, value) -> {
            try {
                TopicSpec.of((String) value, 1, (short) -1, Map.of());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
        });
    }

    private static Rule role() {
        return new Rule("`forward`, `response`", (name, value) -> {
            if (roleNamed(value.toString()).isEmpty()) {
                throw new ConfigException(name + " must be 'forward' or 'response', found '" + value + "'");
            }
        });
    }

    private static Rule strategy() {
        String documented =
                MixingStrategy.NAMES.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
        return new Rule(documented, (name, value) -> {
            String v = value.toString().toLowerCase(Locale.ROOT);
            if (!MixingStrategy.NAMES.contains(v)) {
                throw new ConfigException(name + " must be " + MixingStrategy.namesInWords() + ", found '" + v + "'");
            }
        });
    }

    private static Rule provisioning() {
        return new Rule("`all`, `own`, `none`", (name, value) -> {
            if (value instanceof String s && provisioningNamed(s).isEmpty()) {
                throw new ConfigException(name + " must be all, own or none, found '" + value + "'");
            }
        });
    }

    private static Rule guarantee() {
        return new Rule("`exactly_once_v2`, `at_least_once`", (name, value) -> {
            if (!GUARANTEES.contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
                throw new ConfigException(
                        name + " must be one of " + new TreeSet<>(GUARANTEES) + ", found '" + value + "'");
            }
        });
    }

    private static Rule loopPaths() {
        return new Rule("`forward`, `response`, `forward,response`", (name, value) -> {
            try {
                LoopPath.parseList(name, value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        });
    }

    private static Rule atLeast(int min) {
        return new Rule("at least " + min, (name, value) -> {
            long v = ((Number) value).longValue();
            if (v < min) {
                throw new ConfigException(name + " must be >= " + min + ", found " + v);
            }
        });
    }

    private static Rule between(int min, int max) {
        return new Rule(min + " to " + max, (name, value) -> {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", found " + v);
            }
        });
    }

    private static Rule nonBlank() {
        return new Rule("a host name or IP address", (name, value) -> {
            if (value.toString().isBlank()) {
                throw new ConfigException(name + " must be a host name or IP address, found an empty value");
            }
        });
    }

    private static Rule replicationFactor() {
        // Kafka's replication factor is a short: a larger value would wrap silently when cast.
        return new Rule("-1, or 1 to " + Short.MAX_VALUE, (name, value) -> {
            long v = ((Number) value).longValue();
            if ((v < 1 && v != -1) || v > Short.MAX_VALUE) {
                throw new ConfigException(
                        name + " must be 1 to " + Short.MAX_VALUE + " or -1 (broker default), found " + v);
            }
        });
    }

    private static Rule rate() {
        return new Rule("0 to " + (long) DefenceSettings.MAX_RATE, (name, value) -> {
            double r = ((Number) value).doubleValue();
            if (!(r >= 0 && r <= DefenceSettings.MAX_RATE)) {
                throw new ConfigException(name + " must be 0 to " + DefenceSettings.MAX_RATE + ", found " + r);
            }
        });
    }

    private static Rule positiveRate() {
        return new Rule("(0, " + (long) DefenceSettings.MAX_RATE + "]", (name, value) -> {
            double r = ((Number) value).doubleValue();
            if (!(r > 0 && r <= DefenceSettings.MAX_RATE)) {
                throw new ConfigException(name + " must be in (0, " + DefenceSettings.MAX_RATE + "], found " + r);
            }
        });
    }

    private static Rule openUnit() {
        return new Rule("(0, 1)", (name, value) -> {
            double f = ((Number) value).doubleValue();
            if (!(f > 0.0 && f < 1.0)) {
                throw new ConfigException(name + " must be in (0, 1), found " + f);
            }
        });
    }

    private static Rule falseAlarm() {
        return new Rule("(0, 0.5)", (name, value) -> {
            double f = ((Number) value).doubleValue();
            if (!(f > 0.0 && f < 0.5)) {
                throw new ConfigException(name + " must be in (0, 0.5), found " + f);
            }
        });
    }

    private static Rule fraction() {
        return new Rule("(0, 1]", (name, value) -> {
            double f = ((Number) value).doubleValue();
            if (!(f > 0.0 && f <= 1.0)) {
                throw new ConfigException(name + " must be in (0, 1], found " + f);
            }
        });
    }
}
