package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixerConfigDef.*;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.topology.cover.LoopPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link MixerConfig} from string settings (a properties file and its overrides), key by key
 * through {@link MixerConfigDef}: the required keys, then the strategy and the {@code strategy.*} keys
 * it reads, then the optional keys (unset ones keep the builder's declared defaults), then the
 * prefixed families. Whatever is left is an unknown key, reported all at once. Rules joining keys are
 * the builder's ({@link MixerConfig.Builder#build()}).
 */
final class MixerConfigReader {

    private MixerConfigReader() {}

    static MixerConfig read(Map<String, String> settings, Path baseDirectory) {
        SettingsReader s = MixerConfigDef.reader(settings);
        MixerConfig.Builder b = MixerConfig.builder();
        b.mixerId(s.requiredString(MIXER_ID));
        b.role(roleNamed(s.requiredString(MIXER_ROLE)).orElseThrow());
        s.optionalString(MIXER_APPLICATION_ID).ifPresent(b::applicationId);
        s.optionalString(MIXER_INSTANCE_ID).ifPresent(b::instanceId);
        b.strategy(readStrategy(s));
        b.ingressTopic(s.requiredString(TOPIC_INGRESS));
        s.optionalInt(TOPIC_INGRESS_PARTITIONS).ifPresent(b::ingressPartitions);
        s.optionalString(TOPIC_DEAD_LETTER).ifPresent(b::deadLetterTopic);
        s.optionalString(TOPIC_REPLY_INBOX).ifPresent(b::replyInboxTopic);
        b.keyDirectory(resolve(baseDirectory, s.requiredString(KEYS_DIR)));
        s.optionalBoolean(KEYS_GENERATE).ifPresent(b::generateKeys);
        b.epochSchedule(readSchedule(s));
        s.optionalUnlessEmpty(DIRECTORY_TOPIC).map(String.class::cast).ifPresent(b::directoryTopic);
        s.optionalDuration(DIRECTORY_PUBLISH_INTERVAL).ifPresent(b::directoryPublishInterval);
        b.geometry(Geometry.of((Integer) s.orDefault(GEOMETRY_MAX_HOPS), (Integer) s.orDefault(GEOMETRY_PACKET_SIZE)));
        s.optionalBoolean(INGRESS_PARTITION_BINDING).ifPresent(b::partitionBinding);
        s.optionalDuration(REPLAY_PURGE_INTERVAL).ifPresent(b::replayPurgeInterval);
        s.optionalString(PROCESSING_GUARANTEE).ifPresent(b::processingGuarantee);
        s.optionalString(STATE_DIR).ifPresent(v -> b.stateDirectory(resolve(baseDirectory, v)));
        s.optionalInt(NUM_STREAM_THREADS).ifPresent(b::streamThreads);
        s.optionalInt(STATE_ROCKSDB_MEMORY_MIB).ifPresent(b::rocksDbMemoryMib);
        s.optionalString(TOPICS_PROVISION)
                .ifPresent(v -> b.topicProvisioning(provisioningNamed(v).orElseThrow()));
        s.optionalInt(TOPICS_OUTPUT_PARTITIONS).ifPresent(b::outputPartitions);
        s.optionalInt(TOPICS_REPLICATION_FACTOR).ifPresent(v -> b.replicationFactor((short) (int) v));
        s.optionalDuration(STARTUP_RETRY_TIMEOUT).ifPresent(b::startupRetryTimeout);
        s.optionalInt(METRICS_PORT).ifPresent(b::metricsPort);
        s.optionalString(METRICS_BIND_ADDRESS).ifPresent(b::metricsBindAddress);
        b.defences(readDefences(s));
        s.optionalString(HEARTBEAT_REPLY_INBOX).ifPresent(b::heartbeatReplyInbox);
        s.withPrefix(HEARTBEAT_ENTRY_PREFIX).forEach(b::heartbeatEntry);
        s.withPrefix(NEXT_HOP_PREFIX).forEach(b::nextHop);
        s.withPrefix(EXIT_PREFIX).forEach(b::exitService);
        s.withPrefix(KAFKA_PREFIX).forEach(b::kafkaProperty);
        if (!s.remaining().isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown setting(s) " + s.remaining() + "; expected the keys declared in "
                            + MixerConfigDef.class.getName() + " (docs/mixing.md; client properties go under kafka.*)");
        }
        return b.build();
    }

    private static EpochSchedule readSchedule(SettingsReader s) {
        EpochSchedule def = EpochSchedule.defaults();
        Duration length = s.durationOrDefault(EPOCH_LENGTH);
        // The default grace must stay shorter than a short epoch (demos, tests).
        Duration grace = s.optionalDuration(EPOCH_GRACE)
                .orElse(length.compareTo(def.grace()) <= 0 ? length.dividedBy(6) : def.grace());
        try {
            return EpochSchedule.of(length, grace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "epoch.length=" + length + ", epoch.grace=" + grace + ": " + e.getMessage());
        }
    }

    /** The strategy named by {@code strategy}, from the {@code strategy.*} keys it reads; any other one is an error. */
    private static MixingStrategy readStrategy(SettingsReader s) {
        String name = s.requiredString(STRATEGY).toLowerCase(Locale.ROOT);
        MixingStrategy strategy = switch (name) {
            case "timed" -> new MixingStrategy.Timed(s.requiredDuration(STRATEGY_INTERVAL));
            case "threshold" ->
                new MixingStrategy.Threshold(
                        (Integer) s.required(STRATEGY_THRESHOLD),
                        s.optionalUnlessEmpty(STRATEGY_MAX_WAIT)
                                .map(v -> DurationSetting.parse(STRATEGY_MAX_WAIT, (String) v)));
            case "pool" ->
                new MixingStrategy.Pool(
                        s.requiredDuration(STRATEGY_INTERVAL), (Integer) s.required(STRATEGY_MIN_POOL), (Double)
                                s.required(STRATEGY_FRACTION));
            case "continuous" ->
                new MixingStrategy.Continuous(
                        s.durationOrDefault(STRATEGY_TICK),
                        s.durationOrDefault(STRATEGY_MAX_DELAY),
                        s.durationOrDefault(STRATEGY_REKEY_INTERVAL));
            default -> throw new IllegalStateException("strategy " + name + " passed validation but is not read here");
        };
        for (String key : s.remaining()) {
            // A declared strategy key the chosen strategy does not read; a misspelt one is reported
            // with the other unknown settings.
            if (key.startsWith(STRATEGY_PREFIX) && MixerConfigDef.isDeclared(key)) {
                throw new IllegalArgumentException("setting " + key + " does not apply to strategy " + name);
            }
        }
        return strategy;
    }

    private static DefenceSettings readDefences(SettingsReader s) {
        return new DefenceSettings(
                (Integer) s.orDefault(DUMMY_MIN_BATCH),
                (Double) s.orDefault(DUMMY_RATE),
                (Double) s.orDefault(DUMMY_MAX_RATE),
                (Integer) s.orDefault(DUMMY_HOPS),
                (Double) s.orDefault(HEARTBEAT_RATE),
                (Integer) s.orDefault(HEARTBEAT_HOPS),
                s.durationOrDefault(HEARTBEAT_WINDOW),
                s.durationOrDefault(HEARTBEAT_RETURN_GRACE),
                (Double) s.orDefault(HEARTBEAT_EXPECTED_RETURN),
                (Double) s.orDefault(HEARTBEAT_FALSE_ALARM),
                (Boolean) s.orDefault(HEARTBEAT_HOLD),
                (Integer) s.orDefault(HEARTBEAT_LOOPS_PER_BATCH),
                LoopPath.parseList(HEARTBEAT_PATHS, (String) s.orDefault(HEARTBEAT_PATHS)));
    }

    private static Path resolve(Path base, String v) {
        Path p = Path.of(v);
        return base == null || p.isAbsolute() ? p : base.resolve(p).normalize();
    }
}
