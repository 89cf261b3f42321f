package io.kafkamixnet.cli;

import io.kafkamixnet.admin.DurationSetting;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option the way the mixer reads its duration settings ({@link DurationSetting}):
 * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}. A mistake is a
 * usage error, which picocli reports as "Invalid value for option '--x': expected ..., found '...'".
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationSetting.parse("duration", value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected " + DurationSetting.EXPECTED + ", found '" + value + "'");
        }
    }
}
