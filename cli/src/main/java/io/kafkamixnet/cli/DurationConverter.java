package io.kafkamixnet.cli;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.audit.VolumeSettings;
import io.kafkamixnet.directory.EpochSchedule;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option the way the mixer reads its duration settings ({@link DurationSetting}):
 * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}. A mistake, or a
 * value out of the option's range (the nested converters), is a usage error before anything starts,
 * which picocli reports as "Invalid value for option '--x': expected ..., found '&lt;the value as
 * typed&gt;'": never the ISO-8601 form of a value the user wrote as {@code 100ms}.
 */
class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public final Duration convert(String value) {
        Duration d;
        try {
            d = DurationSetting.parse("duration", value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected " + DurationSetting.EXPECTED + ", found '" + value + "'");
        }
        String expected = outOfRange(d);
        if (expected != null) {
            throw new TypeConversionException("expected " + expected + ", found '" + value + "'");
        }
        return d;
    }

    /** What the option expects if {@code d} is out of its range, else null. */
    String outOfRange(Duration d) {
        return null;
    }

    /** A timeout, an interval or a run time: more than zero. */
    static final class Positive extends DurationConverter {
        @Override
        String outOfRange(Duration d) {
            return d.isZero() || d.isNegative() ? "a positive duration, e.g. 500ms, 30s or 2m" : null;
        }
    }

    /** A counting window of the audit's volume test: at least {@link VolumeSettings}' 100 ms. */
    static final class VolumeWindow extends DurationConverter {
        private static final Duration MIN = Duration.ofMillis(100);

        @Override
        String outOfRange(Duration d) {
            return d.compareTo(MIN) < 0 ? "a window of 100ms or more" : null;
        }
    }

    /** Zero or more (zero meaning "never" for the option). */
    static final class NonNegative extends DurationConverter {
        @Override
        String outOfRange(Duration d) {
            return d.isNegative() ? "a duration of 0s or more" : null;
        }
    }

    /** A key epoch length, as {@link EpochSchedule} accepts it: 1s to 366d, in whole milliseconds. */
    static final class EpochLength extends DurationConverter {
        /** {@link EpochSchedule#of}'s lower bound. */
        private static final Duration MIN = Duration.ofSeconds(1);

        @Override
        String outOfRange(Duration d) {
            boolean ok = d.compareTo(MIN) >= 0
                    && d.compareTo(EpochSchedule.MAX_EPOCH_LENGTH) <= 0
                    && d.getNano() % 1_000_000 == 0;
            return ok
                    ? null
                    : "an epoch length of " + DurationSetting.format(MIN) + " to "
                            + EpochSchedule.MAX_EPOCH_LENGTH.toDays() + "d in whole milliseconds";
        }
    }

    /** A key grace period: 0s or more in whole milliseconds (and shorter than the epoch, checked with it). */
    static final class EpochGrace extends DurationConverter {
        @Override
        String outOfRange(Duration d) {
            return d.isNegative() || d.getNano() % 1_000_000 != 0
                    ? "a grace period of 0s or more in whole milliseconds, shorter than the epoch length"
                    : null;
        }
    }
}
