package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixerInstanceIdTest {

    private static Map<String, String> settings(Path state) {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-a");
        m.put("mixer.role", "forward");
        m.put("strategy", "timed");
        m.put("strategy.interval", "1s");
        m.put("topic.ingress", "mix-a.in");
        m.put("exit.survey", "exit.survey");
        m.put("keys.dir", state.resolveSibling("keys").toString());
        m.put("state.dir", state.toString());
        return m;
    }

    @Test
    void aDerivedIdIsCreatedOnceAndKeptInTheApplicationStateDirectory(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        MixerConfig config = MixerConfig.fromMap(settings(state), null);
        String first = MixerInstanceId.resolve(config, state);
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(Files.readString(state.resolve("mixnet-mixer-mix-a").resolve(MixerInstanceId.FILE_NAME))
                        .trim())
                .isEqualTo(first);
        assertThat(MixerInstanceId.resolve(config, state))
                .as("a restart reads it back")
                .isEqualTo(first);
        assertThat(MixerInstanceId.resolve(config, dir.resolve("other-state")))
                .as("another state directory is another instance")
                .isNotEqualTo(first);
        try (var files = Files.list(state.resolve("mixnet-mixer-mix-a"))) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void theStreamsMainConsumerGetsTheInstanceId(@TempDir Path dir) {
        Map<String, String> m = settings(dir.resolve("state"));
        m.put("mixer.instance-id", "mixer-a.host-1");
        MixerConfig config = MixerConfig.fromMap(m, null);
        var p = MixerStreams.properties(config, io.kafkamixnet.admin.ClientSettings.of("localhost:9092"));
        assertThat(p.getProperty(StreamsConfig.mainConsumerPrefix("group.instance.id")))
                .isEqualTo("mixer-a.host-1");
        assertThat(dir.resolve("state").resolve("mixnet-mixer-mix-a").resolve(MixerInstanceId.FILE_NAME))
                .as("a configured id writes nothing")
                .doesNotExist();
    }

    @Test
    void aDamagedIdFileIsAnErrorNotANewIdentity(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path file = state.resolve("mixnet-mixer-mix-a").resolve(MixerInstanceId.FILE_NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not an id!\n");
        MixerConfig config = MixerConfig.fromMap(settings(state), null);
        assertThatThrownBy(() -> MixerInstanceId.resolve(config, state))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("mixer.instance-id");
    }

    @Test
    void badIdsAndAGroupInstanceIdThroughKafkaPropertiesAreRefused(@TempDir Path dir) {
        for (String bad : new String[] {"", "has space", "ü", "x".repeat(MixerInstanceId.MAX_LENGTH + 1)}) {
            Map<String, String> m = settings(dir);
            m.put("mixer.instance-id", bad);
            assertThatThrownBy(() -> MixerConfig.fromMap(m, null), bad).hasMessageContaining("mixer.instance-id");
        }
        for (String key : new String[] {
            "kafka.group.instance.id", "kafka.main.consumer.group.instance.id", "kafka.consumer.group.instance.id"
        }) {
            Map<String, String> m = settings(dir);
            m.put(key, "x");
            assertThatThrownBy(() -> MixerConfig.fromMap(m, null), key)
                    .hasMessageContaining("mixer.instance-id")
                    .hasMessageContaining(key);
        }
    }
}
