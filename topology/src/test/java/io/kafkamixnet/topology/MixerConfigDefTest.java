package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.MixerRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** Every declared validator, type and default of {@link MixerConfigDef}, read from properties and given through the builder. */
class MixerConfigDefTest {

    private static Map<String, String> minimal() {
        return MinimalMixerSettings.minimal();
    }

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> m = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                m.remove(keyValues[i]);
            } else {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    private static void rejected(String message, String... keyValues) {
        assertThatThrownBy(() -> MixerConfig.fromMap(with(keyValues), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theDeclaredDefaultsAreWhatAnUnsetKeyGives() {
        MixerConfig c = MixerConfig.fromMap(minimal(), null);
        ConfigDef def = MixerConfigDef.configDef();
        assertThat(def.configKeys().get("topic.ingress.partitions").defaultValue)
                .isEqualTo(c.ingressPartitions());
        assertThat(def.configKeys().get("keys.generate").defaultValue).isEqualTo(c.generateKeys());
        assertThat(def.configKeys().get("epoch.length").defaultValue).isEqualTo("1h");
        assertThat(c.epochSchedule().epochLength()).isEqualTo(Duration.ofHours(1));
        assertThat(def.configKeys().get("geometry.max-hops").defaultValue)
                .isEqualTo(c.geometry().maxHops());
        assertThat(def.configKeys().get("geometry.packet-size").defaultValue)
                .isEqualTo(c.geometry().packetSize());
        assertThat(def.configKeys().get("ingress.partition-binding").defaultValue)
                .isEqualTo(c.partitionBinding());
        assertThat(def.configKeys().get("replay.purge-interval").defaultValue).isEqualTo("1m");
        assertThat(c.replayPurgeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(def.configKeys().get("processing.guarantee").defaultValue).isEqualTo(c.processingGuarantee());
        assertThat(def.configKeys().get("num.stream.threads").defaultValue).isEqualTo(c.streamThreads());
        assertThat(def.configKeys().get("topics.provision").defaultValue).isEqualTo("all");
        assertThat(c.topicProvisioning()).isEqualTo(MixerConfig.TopicProvisioning.ALL);
        assertThat(def.configKeys().get("topics.output.partitions").defaultValue)
                .isEqualTo(c.outputPartitions());
        assertThat(def.configKeys().get("topics.replication-factor").defaultValue)
                .isEqualTo((int) c.replicationFactor());
        MixingStrategy.Continuous continuous = (MixingStrategy.Continuous)
                MixerConfig.fromMap(with("strategy", "continuous", "strategy.interval", null), null)
                        .strategy();
        assertThat(continuous).isEqualTo(MixingStrategy.Continuous.defaults());
        assertThat(def.configKeys().get("strategy.tick").defaultValue).isEqualTo("5ms");
        assertThat(def.configKeys().get("strategy.max-delay").defaultValue).isEqualTo("1h");
        assertThat(def.configKeys().get("strategy.rekey-interval").defaultValue).isEqualTo("1s");
    }

    @Test
    void requiredKeysAreReportedWhenAbsentOrBlank() {
        for (String key :
                new String[] {"mixer.id", "mixer.role", "strategy", "strategy.interval", "topic.ingress", "keys.dir"}) {
            rejected(key + " is required", key, null);
            rejected(key + " is required", key, "  ");
        }
        rejected("strategy.threshold is required", "strategy", "threshold", "strategy.interval", null);
        rejected("strategy.min-pool is required", "strategy", "pool", "strategy.fraction", "0.5");
        rejected("strategy.fraction is required", "strategy", "pool", "strategy.min-pool", "1");
    }

    @Test
    void typesAreParsedWithExpectedAndFound() {
        rejected("topic.ingress.partitions must be an integer, found 'four'", "topic.ingress.partitions", "four");
        rejected(
                "strategy.fraction must be a number, found 'half'",
                "strategy",
                "pool",
                "strategy.min-pool",
                "1",
                "strategy.fraction",
                "half");
        rejected("ingress.partition-binding must be true or false, found 'yes'", "ingress.partition-binding", "yes");
        rejected(
                "epoch.length must be a duration like 250ms, 5s, 2m, 1h or PT5S, found 'an hour'",
                "epoch.length",
                "an hour");
        rejected("epoch.grace must be a duration", "epoch.grace", "x");
        rejected("directory.publish-interval must be a duration", "directory.publish-interval", "x");
        // Case and surrounding space are forgiven, as before.
        MixerConfig c = MixerConfig.fromMap(
                with(
                        "mixer.role",
                        " Response ",
                        "topic.reply-inbox",
                        "replies",
                        "keys.generate",
                        "FALSE",
                        "strategy",
                        "TIMED",
                        "processing.guarantee",
                        "AT_LEAST_ONCE",
                        "topics.provision",
                        "None"),
                null);
        assertThat(c.role()).isEqualTo(MixerRole.RESPONSE);
        assertThat(c.generateKeys()).isFalse();
        assertThat(c.processingGuarantee()).isEqualTo("at_least_once");
        assertThat(c.topicProvisioning()).isEqualTo(MixerConfig.TopicProvisioning.NONE);
    }

    @Test
    void everyValidatorRejectsWithTheKeyExpectedAndFound() {
        rejected("mixer.id: mixerId must be 1..58 UTF-8 bytes, found 59", "mixer.id", "x".repeat(59));
        rejected("mixer.role must be 'forward' or 'response', found 'sideways'", "mixer.role", "sideways");
        rejected("mixer.application-id: Illegal topic name", "mixer.application-id", "no spaces");
        rejected("strategy must be timed, threshold, pool or continuous, found 'random'", "strategy", "Random");
        rejected("strategy.interval must be at least 1ms, found PT0S", "strategy.interval", "0ms");
        rejected(
                "strategy.threshold must be >= 1, found 0",
                "strategy",
                "threshold",
                "strategy.interval",
                null,
                "strategy.threshold",
                "0");
        rejected(
                "strategy.max-wait must be at least 1ms, found PT0S",
                "strategy",
                "threshold",
                "strategy.interval",
                null,
                "strategy.threshold",
                "2",
                "strategy.max-wait",
                "0s");
        rejected(
                "strategy.min-pool must be >= 0, found -1",
                "strategy",
                "pool",
                "strategy.min-pool",
                "-1",
                "strategy.fraction",
                "0.5");
        rejected(
                "strategy.fraction must be in (0, 1], found 0.0",
                "strategy",
                "pool",
                "strategy.min-pool",
                "1",
                "strategy.fraction",
                "0");
        rejected(
                "strategy.fraction must be in (0, 1], found NaN",
                "strategy",
                "pool",
                "strategy.min-pool",
                "1",
                "strategy.fraction",
                "NaN");
        rejected(
                "strategy.tick must be at least 1ms",
                "strategy",
                "continuous",
                "strategy.interval",
                null,
                "strategy.tick",
                "0s");
        rejected(
                "strategy.max-delay must be at least 1ms",
                "strategy",
                "continuous",
                "strategy.interval",
                null,
                "strategy.max-delay",
                "PT0S");
        rejected(
                "strategy.rekey-interval must be at least 1ms",
                "strategy",
                "continuous",
                "strategy.interval",
                null,
                "strategy.rekey-interval",
                "0ms");
        rejected("topic.ingress: Illegal topic name", "topic.ingress", "a/b");
        rejected("topic.ingress.partitions must be >= 1, found 0", "topic.ingress.partitions", "0");
        rejected("topic.dead-letter: Illegal topic name", "topic.dead-letter", "");
        rejected("topic.reply-inbox: Illegal topic name", "mixer.role", "response", "topic.reply-inbox", "x y");
        rejected("next-hop.mix-b: Illegal topic name", "next-hop.mix-b", "x y");
        rejected("next-hop name: mixerId must be 1..58 UTF-8 bytes", "next-hop." + "b".repeat(59), "b.in");
        rejected(
                "next-hop name: mixer id must be valid Unicode without control characters",
                "next-hop.mix\u001b[31m",
                "b.in");
        rejected("mixer.id: mixer id must be valid Unicode without control characters", "mixer.id", "mix\u0007a");
        rejected("exit.survey: Illegal topic name", "exit.survey", "x y");
        rejected("topics.provision must be all, own or none, found 'some'", "topics.provision", "some");
        rejected("topics.output.partitions must be >= 1, found 0", "topics.output.partitions", "0");
        rejected(
                "topics.replication-factor must be 1 to 32767 or -1 (broker default), found 0",
                "topics.replication-factor",
                "0");
        rejected(
                "topics.replication-factor must be 1 to 32767 or -1 (broker default), found -2",
                "topics.replication-factor",
                "-2");
        rejected(
                "topics.replication-factor must be 1 to 32767 or -1 (broker default), found 65535",
                "topics.replication-factor",
                "65535");
        rejected("directory.topic: Illegal topic name", "directory.topic", "x y");
        rejected("geometry.max-hops must be between 1 and 16, found 17", "geometry.max-hops", "17");
        rejected("geometry.max-hops must be between 1 and 16, found 0", "geometry.max-hops", "0");
        rejected("packetSize must be at most", "geometry.packet-size", String.valueOf(Geometry.MAX_PACKET_SIZE + 1));
        rejected("replay.purge-interval must be at least 100ms, found PT0.05S", "replay.purge-interval", "50ms");
        rejected(
                "processing.guarantee must be one of [at_least_once, exactly_once_v2], found 'exactly_once'",
                "processing.guarantee",
                "exactly_once");
        rejected("num.stream.threads must be >= 1, found 0", "num.stream.threads", "0");
        rejected("epoch length must be at least 1 s", "epoch.length", "500ms");
        rejected(
                "directory.publish-interval must be between 1s and epoch.length",
                "directory.publish-interval",
                "500ms");
    }

    @Test
    void strategyKeysOfAnotherStrategyAndUnknownKeysAreErrors() {
        rejected("setting strategy.threshold does not apply to strategy timed", "strategy.threshold", "5");
        rejected("setting strategy.interval does not apply to strategy continuous", "strategy", "continuous");
        rejected(
                "setting strategy.tick does not apply to strategy pool",
                "strategy",
                "pool",
                "strategy.min-pool",
                "1",
                "strategy.fraction",
                "1",
                "strategy.tick",
                "5ms");
        rejected("unknown setting(s) [num.threads, topic.ingres]", "num.threads", "1", "topic.ingres", "x");
        rejected("unknown setting(s) [strategy.intervall]", "strategy.intervall", "2s");
    }

    @Test
    void emptyMeansOffForTheMaxWaitAndTheDirectoryTopic() {
        MixerConfig c = MixerConfig.fromMap(
                with(
                        "strategy",
                        "threshold",
                        "strategy.interval",
                        null,
                        "strategy.threshold",
                        "3",
                        "strategy.max-wait",
                        " ",
                        "directory.topic",
                        ""),
                null);
        assertThat(c.strategy()).isEqualTo(new MixingStrategy.Threshold(3, Optional.empty()));
        assertThat(c.directoryTopic()).isEmpty();
    }

    @Test
    void theBuilderChecksWithTheSameValidators() {
        MixerConfig ok = MixerConfig.fromMap(minimal(), null);
        assertThatThrownBy(() -> ok.toBuilder().streamThreads(0).build())
                .hasMessage("num.stream.threads must be >= 1, found 0");
        assertThatThrownBy(() -> ok.toBuilder().ingressPartitions(0).build())
                .hasMessage("topic.ingress.partitions must be >= 1, found 0");
        assertThatThrownBy(() -> ok.toBuilder().outputPartitions(-3).build())
                .hasMessage("topics.output.partitions must be >= 1, found -3");
        assertThatThrownBy(() -> ok.toBuilder().replicationFactor((short) 0).build())
                .hasMessage("topics.replication-factor must be 1 to 32767 or -1 (broker default), found 0");
        assertThatThrownBy(() -> ok.toBuilder()
                        .replayPurgeInterval(Duration.ofMillis(99))
                        .build())
                .hasMessage("replay.purge-interval must be at least 100ms, found PT0.099S");
        assertThatThrownBy(() -> ok.toBuilder().processingGuarantee("twice").build())
                .hasMessage("processing.guarantee must be one of [at_least_once, exactly_once_v2], found 'twice'");
        assertThatThrownBy(() -> ok.toBuilder().mixerId(null).build()).hasMessage("mixer.id is required");
        assertThatThrownBy(() -> ok.toBuilder().mixerId("").build())
                .hasMessageStartingWith("mixer.id: mixerId must be 1..58");
        assertThatThrownBy(() -> ok.toBuilder().ingressTopic("a b").build())
                .hasMessageStartingWith("topic.ingress: Illegal topic");
        assertThatThrownBy(() -> ok.toBuilder().applicationId("a b").build())
                .hasMessageStartingWith("mixer.application-id: Illegal topic");
        assertThatThrownBy(() -> ok.toBuilder().nextHop("mix-b", "a b").build())
                .hasMessageStartingWith("next-hop.mix-b: Illegal topic");
        assertThatThrownBy(() -> ok.toBuilder().exitService("", "svc").build()).hasMessageStartingWith("exit name: ");
        assertThatThrownBy(() -> ok.toBuilder().directoryTopic("a b").build())
                .hasMessageStartingWith("directory.topic: Illegal topic");
        assertThatThrownBy(() -> ok.toBuilder().role(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mixer.role is required");
        MixerConfig built = MixerConfig.builder()
                .mixerId("mix-a")
                .role(MixerRole.FORWARD)
                .strategy(new MixingStrategy.Timed(Duration.ofSeconds(2)))
                .ingressTopic("mix-a.in")
                .keyDirectory(Path.of("/keys/mix-a"))
                .build();
        assertThat(built).isEqualTo(ok);
        assertThat(built.epochSchedule()).isEqualTo(EpochSchedule.defaults());
    }
}
