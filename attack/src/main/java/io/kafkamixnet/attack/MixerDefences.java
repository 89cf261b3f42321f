package io.kafkamixnet.attack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The mixer defences (docs/defences.md) the mixer under attack runs with: a preset of the product's own
 * settings, so a report row records exactly what was on. Every preset but {@link #NONE} needs routes, so
 * the runner starts a peer mixer and a directory topic next to the mixer under attack
 * ({@link MixerUnderAttack}).
 */
public enum MixerDefences {
    /** No mixer defence: the "before" row. */
    NONE,
    /**
     * Heartbeat loops through the peer, 10/s, with {@code heartbeat.hold} (no release while the alarm is
     * raised) and {@code heartbeat.loops-per-batch=1} (a release needs one of the mixer's loops back in its
     * task since the previous release): the Danezis–Sassaman defence against the n-1 attack.
     */
    HEARTBEAT,
    /** Dummy top-ups to 8 records per flush, routed one hop through the peer and dropped there. */
    DUMMIES;

    /**
     * Parses a preset name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values and the value found
     */
    public static MixerDefences parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("expected one of none, heartbeat, dummies; found '" + s + "'", e);
        }
    }

    /** The mixer settings of this preset (empty for {@link #NONE}). */
    public Map<String, String> mixerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        switch (this) {
            case NONE -> {}
            case HEARTBEAT -> {
                p.put("heartbeat.rate", "10");
                p.put("heartbeat.hops", "1");
                p.put("heartbeat.window", "3s");
                p.put("heartbeat.return-grace", "2s");
                p.put("heartbeat.hold", "true");
                p.put("heartbeat.loops-per-batch", "1");
            }
            case DUMMIES -> {
                p.put("dummy.min-batch", "8");
                p.put("dummy.hops", "1");
            }
        }
        return p;
    }

    /** Lower-case name, as on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
