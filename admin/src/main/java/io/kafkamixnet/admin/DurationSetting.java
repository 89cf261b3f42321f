package io.kafkamixnet.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one way the project writes a duration in a setting or command-line option: {@code 250ms},
 * {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} (a whole number, optional spaces before the unit, any
 * letter case) or ISO-8601 ({@code PT5S}, as {@link Duration#parse}). Kafka's {@link ConfigDef} has no
 * duration type, so a duration setting is declared as {@link ConfigDef.Type#STRING} with one of this
 * class's {@linkplain #validator() validators}, which also name the setting's valid values in generated
 * documentation.
 */
public final class DurationSetting {

    /** What a duration looks like, for error messages: "expected ..., found ...". */
    public static final String EXPECTED = "a duration like 250ms, 5s, 2m, 1h or PT5S";

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationSetting() {}

    /**
     * Parses a duration.
     *
     * @param name the setting or option, named in the error
     * @throws IllegalArgumentException "{@code name} must be a duration like ..., found '{@code value}'"
     */
    public static Duration parse(String name, String value) {
        String v = value.trim();
        Matcher m = SHORT_FORM.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + EXPECTED + ", found '" + value + "'");
        }
    }

    /**
     * {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h} where exact, milliseconds otherwise (sub-millisecond
     * parts are dropped), and zero as {@code 0s}; {@link #parse} reads every result back.
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s"; // not "0h": every unit fits zero, the plainest reads best ("at least 0s")
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Any duration. */
    public static Validator validator() {
        return new Validator(null, null);
    }

    /** A duration of at least {@code min}. */
    public static Validator atLeast(Duration min) {
        return new Validator(min, null);
    }

    /** A duration from {@code min} to {@code max}, both included. */
    public static Validator between(Duration min, Duration max) {
        return new Validator(min, max);
    }

    /**
     * Checks a duration setting's value: a {@link String} as read from a properties file (parsed with
     * {@link #parse}), or a {@link Duration} given through a builder. {@code null} (not set) is valid; whether
     * a setting is required is the reader's business, as in Kafka's own validators' defaults.
     *
     * @throws ConfigException "{@code name} must be ..., found ..." for anything else
     */
    public static final class Validator implements ConfigDef.Validator {
        private final Duration min;
        private final Duration max;

        private Validator(Duration min, Duration max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public void ensureValid(String name, Object value) {
            Duration d;
            if (value == null) {
                return;
            } else if (value instanceof Duration given) {
                d = given;
            } else if (value instanceof String s) {
                try {
                    d = parse(name, s);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
            } else {
                throw new ConfigException(name + " must be " + EXPECTED + ", found a "
                        + value.getClass().getSimpleName());
            }
            if (min != null && d.compareTo(min) < 0) {
                throw new ConfigException(name + " must be at least " + format(min) + ", found " + d);
            }
            if (max != null && d.compareTo(max) > 0) {
                throw new ConfigException(name + " must be at most " + format(max) + ", found " + d);
            }
        }

        /** The valid values, for generated documentation. */
        @Override
        public String toString() {
            if (min != null && max != null) {
                return format(min) + " to " + format(max);
            }
            if (min != null) {
                return "at least " + format(min);
            }
            return max != null ? "at most " + format(max) : "any duration";
        }
    }
}
