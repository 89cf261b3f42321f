package io.kafkamixnet.topology;

import io.kafkamixnet.admin.DurationSetting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Takes settings out of a map one key at a time, each parsed with its declared {@link ConfigDef} type
 * and checked with its declared validator; what is left over at the end is what nobody asked for.
 * Unlike {@link ConfigDef#parse}, which reads every key at once, it lets the caller decide which keys
 * a choice needs (a strategy's keys) and in which order mistakes are reported, and its errors are
 * {@link IllegalArgumentException}s in the project's "must be ..., found ..." style.
 *
 * <p>Values are trimmed. A required key that is absent or blank is "{@code key} is required".
 */
final class SettingsReader {

    private final ConfigDef def;
    private final Map<String, String> remaining;

    SettingsReader(ConfigDef def, Map<String, String> settings) {
        this.def = def;
        this.remaining = new TreeMap<>(settings);
    }

    /** The value of a key that must be set. */
    Object required(String key) {
        String raw = remaining.remove(key);
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return parse(key, raw);
    }

    /** The value of a key, if set (an empty value is set, and parsed as such). */
    Optional<Object> optional(String key) {
        return Optional.ofNullable(remaining.remove(key)).map(raw -> parse(key, raw));
    }

    /** The value of a key whose empty value means unset (e.g. an optional topic switched off). */
    Optional<Object> optionalUnlessEmpty(String key) {
        String raw = remaining.remove(key);
        return raw == null || raw.trim().isEmpty() ? Optional.empty() : Optional.of(parse(key, raw));
    }

    /** The value of a key, or its declared default. */
    Object orDefault(String key) {
        return optional(key).orElseGet(() -> declared(key).defaultValue);
    }

    String requiredString(String key) {
        return (String) required(key);
    }

    Optional<String> optionalString(String key) {
        return optional(key).map(String.class::cast);
    }

    Optional<Integer> optionalInt(String key) {
        return optional(key).map(Integer.class::cast);
    }

    Optional<Boolean> optionalBoolean(String key) {
        return optional(key).map(Boolean.class::cast);
    }

    Duration requiredDuration(String key) {
        return DurationSetting.parse(key, requiredString(key));
    }

    Optional<Duration> optionalDuration(String key) {
        return optionalString(key).map(v -> DurationSetting.parse(key, v));
    }

    Duration durationOrDefault(String key) {
        return DurationSetting.parse(key, (String) orDefault(key));
    }

    /** Takes every key starting with {@code prefix}: the rest of the key to its raw value, in key order. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : Set.copyOf(remaining.keySet())) {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), remaining.remove(key));
            }
        }
        return out;
    }

    /** The keys nobody took, sorted. */
    Set<String> remaining() {
        return remaining.keySet();
    }

    private Object parse(String key, String raw) {
        ConfigDef.ConfigKey declared = declared(key);
        Object value;
        try {
            value = ConfigDef.parseType(key, raw, declared.type);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key + " must be " + expected(declared.type) + ", found '" + raw + "'");
        }
        validate(declared, key, value);
        return value;
    }

    private ConfigDef.ConfigKey declared(String key) {
        ConfigDef.ConfigKey declared = def.configKeys().get(key);
        if (declared == null) {
            throw new IllegalStateException("setting " + key + " is read but not declared");
        }
        return declared;
    }

    /** Runs {@code key}'s validator on {@code value}, reported under {@code name} (a prefixed key's own name). */
    static void validate(ConfigDef.ConfigKey key, String name, Object value) {
        if (key.validator != null) {
            try {
                key.validator.ensureValid(name, value);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    private static String expected(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> "true or false";
            case INT, SHORT, LONG -> "an integer";
            case DOUBLE -> "a number";
            default -> "a " + type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
