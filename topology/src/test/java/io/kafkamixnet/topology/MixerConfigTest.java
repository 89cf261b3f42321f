package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.schemas.MixerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixerConfigTest {

    private static Map<String, String> minimal() {
        return MinimalMixerSettings.minimal();
    }

    @Test
    void loadsEverySettingFromAFileAndOverridesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixer.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "mixer.id=mix-a",
                        "mixer.role=forward",
                        "strategy=pool",
                        "strategy.interval=500ms",
                        "strategy.min-pool=10",
                        "strategy.fraction=0.25",
                        "topic.ingress=mix-a.in",
                        "topic.ingress.partitions=4",
                        "topic.dead-letter=mix-a.dlq",
                        "next-hop.mix-b=mix-b.in",
                        "next-hop.mix-c=mix-c.in",
                        "exit.survey=exit.survey",
                        "keys.dir=keys",
                        "epoch.length=2h",
                        "epoch.grace=15m",
                        "state.dir=state",
                        "processing.guarantee=exactly_once_v2",
                        "num.stream.threads=2",
                        "topics.provision=own",
                        "topics.replication-factor=3",
                        "kafka.security.protocol=SASL_SSL",
                        "kafka.sasl.jaas.config=secret-password",
                        "ingress.partition-binding=false",
                        "replay.purge-interval=PT30S",
                        "directory.topic=mixnet-directory",
                        "directory.publish-interval=5m",
                        "keys.generate=false"));
        MixerConfig c =
                MixerConfig.load(file, Map.of("strategy.fraction", "0.5", "mixer.application-id", "custom-app"));
        assertThat(c.mixerId()).isEqualTo("mix-a");
        assertThat(c.role()).isEqualTo(MixerRole.FORWARD);
        assertThat(c.strategy()).isEqualTo(new MixingStrategy.Pool(Duration.ofMillis(500), 10, 0.5));
        assertThat(c.ingressPartitions()).isEqualTo(4);
        assertThat(c.deadLetterTopic()).isEqualTo("mix-a.dlq");
        assertThat(c.nextHops()).containsExactlyInAnyOrderEntriesOf(Map.of("mix-b", "mix-b.in", "mix-c", "mix-c.in"));
        assertThat(c.exitServices()).containsExactlyEntriesOf(Map.of("survey", "exit.survey"));
        assertThat(c.keyDirectory()).isEqualTo(dir.resolve("keys"));
        assertThat(c.stateDirectory()).contains(dir.resolve("state"));
        assertThat(c.epochSchedule()).isEqualTo(EpochSchedule.of(Duration.ofHours(2), Duration.ofMinutes(15)));
        assertThat(c.directoryTopic()).contains("mixnet-directory");
        assertThat(c.directoryPublishInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.generateKeys()).isFalse();
        assertThat(c.streamThreads()).isEqualTo(2);
        assertThat(c.topicProvisioning()).isEqualTo(MixerConfig.TopicProvisioning.OWN);
        assertThat(c.replicationFactor()).isEqualTo((short) 3);
        assertThat(c.partitionBinding()).isFalse();
        assertThat(c.replayPurgeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.applicationId()).isEqualTo("custom-app");
        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void defaultsAreSafe() {
        MixerConfig c = MixerConfig.fromMap(minimal(), null);
        assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.partitionBinding()).isTrue();
        assertThat(c.deadLetterTopic()).isEqualTo("mix-a.in.dead-letter");
        assertThat(c.applicationId()).isEqualTo("mixnet-mixer-mix-a");
        assertThat(c.exitServices()).isEmpty();
        assertThat(c.strategy()).isEqualTo(new MixingStrategy.Timed(Duration.ofSeconds(2)));
        assertThat(c.epochSchedule()).isEqualTo(EpochSchedule.defaults());
        assertThat(c.generateKeys()).isTrue();
        assertThat(c.directoryTopic()).isEmpty();
        assertThat(c.directoryPublishInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shortEpochsGetAShorterGraceAndAFollowingPublishInterval() {
        Map<String, String> m = minimal();
        m.put("epoch.length", "10m");
        MixerConfig c = MixerConfig.fromMap(m, null);
        assertThat(c.epochSchedule()).isEqualTo(EpochSchedule.of(Duration.ofMinutes(10), Duration.ofSeconds(100)));
        assertThat(c.directoryPublishInterval()).isEqualTo(Duration.ofSeconds(150));
        m.put("epoch.length", "3s");
        m.put("epoch.grace", "1s");
        c = MixerConfig.fromMap(m, null);
        assertThat(c.directoryPublishInterval()).isEqualTo(Duration.ofSeconds(1));
        // A defaulted interval follows a changed epoch length; an explicit one is kept.
        MixerConfig longer =
                c.toBuilder().epochSchedule(EpochSchedule.defaults()).build();
        assertThat(longer.directoryPublishInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void directorySettingsAreChecked() {
        Map<String, String> clash = minimal();
        clash.put("directory.topic", "mix-a.in");
        assertThatThrownBy(() -> MixerConfig.fromMap(clash, null)).hasMessageContaining("directory.topic");
        Map<String, String> bad = minimal();
        bad.put("directory.topic", "no spaces");
        assertThatThrownBy(() -> MixerConfig.fromMap(bad, null)).hasMessageContaining("directory.topic");
        Map<String, String> interval = minimal();
        interval.put("directory.publish-interval", "2h");
        assertThatThrownBy(() -> MixerConfig.fromMap(interval, null))
                .hasMessageContaining("directory.publish-interval")
                .hasMessageContaining("found PT2H");
        Map<String, String> grace = minimal();
        grace.put("epoch.length", "10m");
        grace.put("epoch.grace", "10m");
        assertThatThrownBy(() -> MixerConfig.fromMap(grace, null))
                .hasMessageContaining("epoch.grace")
                .hasMessageContaining("shorter than the epoch length");
        Map<String, String> generate = minimal();
        generate.put("keys.generate", "maybe");
        assertThatThrownBy(() -> MixerConfig.fromMap(generate, null))
                .hasMessageContaining("keys.generate")
                .hasMessageContaining("'maybe'");
    }

    @Test
    void everyStrategyParses() {
        Map<String, String> m = minimal();
        m.put("strategy", "threshold");
        m.remove("strategy.interval");
        m.put("strategy.threshold", "50");
        assertThat(MixerConfig.fromMap(m, null).strategy())
                .isEqualTo(new MixingStrategy.Threshold(50, Optional.empty()));
        m.put("strategy.max-wait", "30s");
        assertThat(MixerConfig.fromMap(m, null).strategy())
                .isEqualTo(new MixingStrategy.Threshold(50, Optional.of(Duration.ofSeconds(30))));
        Map<String, String> c = minimal();
        c.put("strategy", "continuous");
        c.remove("strategy.interval");
        c.put("strategy.max-delay", "10m");
        assertThat(MixerConfig.fromMap(c, null).strategy())
                .isEqualTo(new MixingStrategy.Continuous(
                        Duration.ofMillis(5), Duration.ofMinutes(10), Duration.ofSeconds(1)));
    }

    @Test
    void mistakesAreReportedWithWhatWasExpectedAndFound() {
        Map<String, String> typo = minimal();
        typo.put("strategy.intervall", "2s");
        assertThatThrownBy(() -> MixerConfig.fromMap(typo, null)).hasMessageContaining("strategy.intervall");
        Map<String, String> unknown = minimal();
        unknown.put("bootstrap.servers", "x:9092");
        assertThatThrownBy(() -> MixerConfig.fromMap(unknown, null))
                .hasMessageContaining("unknown setting")
                .hasMessageContaining("kafka.*");
        Map<String, String> missing = minimal();
        missing.remove("topic.ingress");
        assertThatThrownBy(() -> MixerConfig.fromMap(missing, null)).hasMessageContaining("topic.ingress is required");
        Map<String, String> role = minimal();
        role.put("mixer.role", "sideways");
        assertThatThrownBy(() -> MixerConfig.fromMap(role, null)).hasMessageContaining("'sideways'");
        Map<String, String> dur = minimal();
        dur.put("strategy.interval", "soon");
        assertThatThrownBy(() -> MixerConfig.fromMap(dur, null)).hasMessageContaining("found 'soon'");
        Map<String, String> tick = minimal();
        tick.put("strategy", "continuous");
        tick.remove("strategy.interval");
        tick.put("strategy.tick", "20ms");
        assertThatThrownBy(() -> MixerConfig.fromMap(tick, null)).hasMessageContaining("at most 5ms");
        Map<String, String> fraction = minimal();
        fraction.put("strategy", "pool");
        fraction.put("strategy.min-pool", "3");
        fraction.put("strategy.fraction", "1.5");
        assertThatThrownBy(() -> MixerConfig.fromMap(fraction, null)).hasMessageContaining("(0, 1]");
        Map<String, String> loop = minimal();
        loop.put("exit.survey", "mix-a.in");
        assertThatThrownBy(() -> MixerConfig.fromMap(loop, null)).hasMessageContaining("exit.survey");
        Map<String, String> badTopic = minimal();
        badTopic.put("exit.survey", "no spaces allowed");
        assertThatThrownBy(() -> MixerConfig.fromMap(badTopic, null)).hasMessageContaining("exit.survey");
        Map<String, String> response = minimal();
        response.put("mixer.role", "response");
        assertThatThrownBy(() -> MixerConfig.fromMap(response, null)).hasMessageContaining("topic.reply-inbox");
        response.put("topic.reply-inbox", "replies");
        response.put("exit.survey", "exit.survey");
        assertThatThrownBy(() -> MixerConfig.fromMap(response, null)).hasMessageContaining("forward mixers");
        Map<String, String> guarantee = minimal();
        guarantee.put("processing.guarantee", "exactly_once");
        assertThatThrownBy(() -> MixerConfig.fromMap(guarantee, null)).hasMessageContaining("exactly_once_v2");
        Map<String, String> longId = minimal();
        longId.put("mixer.id", "x".repeat(59));
        assertThatThrownBy(() -> MixerConfig.fromMap(longId, null)).hasMessageContaining("mixer.id");
    }
}
