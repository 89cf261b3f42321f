package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicSpecTest {

    @Test
    void packetTopicsUseBrokerTimestamps() {
        for (TopicSpec spec :
                new TopicSpec[] {TopicSpec.mixerIngress("a", 2), TopicSpec.exit("b", 1), TopicSpec.replyInbox("c", 1)
                }) {
            assertThat(spec.configs())
                    .containsEntry("message.timestamp.type", "LogAppendTime")
                    .containsEntry("cleanup.policy", "delete");
        }
        assertThat(TopicSpec.directory("d").configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void theDirectoryCompactsInBoundedTime() {
        // Without segment.ms the active segment (never compacted) holds a superseded descriptor for up to 7 days.
        assertThat(TopicSpec.directory("d").configs())
                .containsEntry("segment.ms", "3600000")
                .containsEntry("max.compaction.lag.ms", "3600000")
                .containsEntry("min.cleanable.dirty.ratio", "0.1")
                .containsEntry("min.compaction.lag.ms", "0");
    }

    @Test
    void rejectsIllegalNamesAndCounts() {
        assertThatThrownBy(() -> TopicSpec.mixerIngress("bad name!", 1)).hasMessageContaining("bad name!");
        assertThatThrownBy(() -> TopicSpec.mixerIngress("ok", 0)).hasMessageContaining("found 0");
        assertThatThrownBy(() -> TopicSpec.of("ok", 1, (short) 0, Map.of())).hasMessageContaining("found 0");
    }

    @Test
    void clientSettingsReadAFileAndNeverPrintSecrets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "bootstrap.servers=broker:9093\nsecurity.protocol=SASL_SSL\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";\n");
        ClientSettings fromFile = ClientSettings.load(null, file);
        assertThat(fromFile.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(fromFile.asClientConfig()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(fromFile.toString()).doesNotContain("hunter2").contains("sasl.jaas.config");

        ClientSettings overridden = ClientSettings.load("other:9092", file);
        assertThat(overridden.bootstrapServers()).isEqualTo("other:9092");

        assertThatThrownBy(() -> ClientSettings.load(null, null)).hasMessageContaining("--bootstrap-servers");
    }
}
