package io.kafkamixnet.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} as Markdown: one table per group (in the order groups were first
 * declared, keys in their order within the group), with the columns key, type, default, valid values,
 * importance and description. Kafka's own {@code toRst}/{@code toHtml} read badly in a Markdown page.
 *
 * <p>Cells: the type is {@code duration} for keys with a {@link DurationSetting.Validator}, else
 * Kafka's type in lower case; the default is the key's {@code alternativeString} when it has one (a
 * default derived from other settings), <em>required</em> when the key has no default, empty when it
 * defaults to {@code null}; the valid values are the validator's {@code toString} ({@code true},
 * {@code false} for a boolean without one). The output ends with a newline and is stable: the same
 * definition always renders to the same text.
 */
public final class ConfigDefMarkdown {

    private ConfigDefMarkdown() {}

    public static String render(ConfigDef def) {
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        for (String group : def.groups()) {
            groups.put(group, new ArrayList<>());
        }
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? "" : key.group, g -> new ArrayList<>())
                    .add(key);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
            List<ConfigDef.ConfigKey> keys = group.getValue();
            if (keys.isEmpty()) {
                continue;
            }
            keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (!group.getKey().isEmpty()) {
                out.append("**").append(group.getKey()).append("**\n\n");
            }
            out.append("| key | type | default | valid values | importance | description |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : keys) {
                out.append("| `")
                        .append(key.name)
                        .append("` | ")
                        .append(type(key))
                        .append(" | ")
                        .append(cell(defaultValue(key)))
                        .append(" | ")
                        .append(cell(validValues(key)))
                        .append(" | ")
                        .append(key.importance.name().toLowerCase(Locale.ROOT))
                        .append(" | ")
                        .append(cell(key.documentation))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String type(ConfigDef.ConfigKey key) {
        return key.validator instanceof DurationSetting.Validator
                ? "duration"
                : key.type.name().toLowerCase(Locale.ROOT);
    }

    private static String validValues(ConfigDef.ConfigKey key) {
        if (key.validator != null) {
            return key.validator.toString();
        }
        return key.type == ConfigDef.Type.BOOLEAN ? "`true`, `false`" : "";
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (key.alternativeString != null) {
            return key.alternativeString;
        }
        if (!key.hasDefault()) {
            return "*required*";
        }
        return key.defaultValue == null ? "" : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`";
    }

    /** One table cell: a pipe would end the cell and a line break the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s*\n\\s*", " ").trim();
    }
}
