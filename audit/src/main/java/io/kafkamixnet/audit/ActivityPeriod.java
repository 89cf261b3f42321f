package io.kafkamixnet.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A period in which the audited clients were known to send real requests (from the experiment that
 * produced the logs): the per-producer volume test compares each producer's rate inside such periods with
 * its rate outside them.
 *
 * @param from start, inclusive
 * @param to end, exclusive; after {@code from}
 */
public record ActivityPeriod(Instant from, Instant to) {

    public ActivityPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "an activity period must start before it ends, found " + from + " to " + to);
        }
    }

    /**
     * Parses {@code FROM/TO}, two ISO-8601 instants, e.g. {@code 2026-11-30T05:00:00Z/2026-11-30T05:00:30Z}.
     *
     * @throws IllegalArgumentException when the text is not of that form or {@code FROM} is not before {@code TO}
     */
    public static ActivityPeriod parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(
                    "expected FROM/TO, two ISO-8601 instants such as 2026-11-30T05:00:00Z/2026-11-30T05:00:30Z,"
                            + " found '" + text + "'");
        }
        try {
            return new ActivityPeriod(
                    Instant.parse(text.substring(0, slash).trim()),
                    Instant.parse(text.substring(slash + 1).trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "expected FROM/TO, two ISO-8601 instants such as 2026-11-30T05:00:00Z/2026-11-30T05:00:30Z,"
                            + " found '" + text + "'",
                    e);
        }
    }

    boolean contains(long atMillis) {
        return atMillis >= from.toEpochMilli() && atMillis < to.toEpochMilli();
    }

    @Override
    public String toString() {
        return from + "/" + to;
    }
}
