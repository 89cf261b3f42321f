package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;

class ConfigDefMarkdownTest {

    @Test
    void rendersOneTablePerGroupInDeclarationOrder() {
        ConfigDef def = new ConfigDef()
                .define(
                        "b.name",
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        null,
                        Importance.HIGH,
                        "The name | or alias.",
                        "Second",
                        1,
                        Width.SHORT,
                        "b.name")
                .define(
                        "a.period",
                        Type.STRING,
                        "5s",
                        DurationSetting.atLeast(Duration.ofSeconds(1)),
                        Importance.LOW,
                        "How often,\n  on two lines.",
                        "First",
                        2,
                        Width.SHORT,
                        "a.period")
                .define(
                        "a.count",
                        Type.INT,
                        3,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Count.",
                        "First",
                        1,
                        Width.SHORT,
                        "a.count")
                .define(
                        "b.flag",
                        Type.BOOLEAN,
                        null,
                        null,
                        Importance.LOW,
                        "Flag.",
                        "Second",
                        2,
                        Width.SHORT,
                        "b.flag",
                        List.of(),
                        null,
                        "`b.name` given");
        // Groups in the order they were first declared, keys by their order within the group.
        assertThat(ConfigDefMarkdown.render(def)).isEqualTo("""
                **Second**

                | key | type | default | valid values | importance | description |
                |---|---|---|---|---|---|
                | `b.name` | string | *required* |  | high | The name \\| or alias. |
                | `b.flag` | boolean | `b.name` given | `true`, `false` | low | Flag. |

                **First**

                | key | type | default | valid values | importance | description |
                |---|---|---|---|---|---|
                | `a.count` | int | `3` | [1,...] | medium | Count. |
                | `a.period` | duration | `5s` | at least 1s | low | How often, on two lines. |
                """);
    }
}
