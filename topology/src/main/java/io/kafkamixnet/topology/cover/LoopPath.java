package io.kafkamixnet.topology.cover;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which way a heartbeat loop goes ({@code heartbeat.paths}). Each path has its own Poisson schedule
 * and its own {@link io.kafkamixnet.directory.heartbeat.HeartbeatMonitor}: its loops cross different
 * mixers with different delays, and a dead path must raise the alarm however few of the mixer's loops
 * it carries.
 */
public enum LoopPath {
    /**
     * A Sphinx forward packet through {@code heartbeat.hops} other mixers that relays back to this
     * mixer, which drops it; recognised by its last hop's replay tag.
     */
    FORWARD,
    /**
     * A reply packet made from a reply block (SURB) this mixer builds for itself, through
     * {@code heartbeat.hops} response mixers, ending in {@code DeliverReply} to the shared reply inbox:
     * at a response mixer, with itself as the last hop; at a forward mixer, at the last response mixer,
     * read back from the inbox. Recognised by its SURB id.
     */
    RESPONSE;

    /** The setting's spelling: {@code forward}, {@code response}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path named {@code value} (case-insensitive, trimmed); empty for anything else. */
    public static Optional<LoopPath> named(String value) {
        for (LoopPath p : values()) {
            if (p.settingName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The paths of a comma-separated list such as {@code forward,response}.
     *
     * @throws IllegalArgumentException naming {@code key} for an empty list, an unknown or a repeated path
     */
    public static Set<LoopPath> parseList(String key, String value) {
        Set<LoopPath> out = EnumSet.noneOf(LoopPath.class);
        for (String part : value.split(",", -1)) {
            LoopPath p = named(part)
                    .orElseThrow(() -> new IllegalArgumentException(
                            key + " must be a comma-separated list of forward, response; found '" + value + "'"));
            if (!out.add(p)) {
                throw new IllegalArgumentException(key + " names " + p.settingName() + " twice, found '" + value + "'");
            }
        }
        return out;
    }
}
