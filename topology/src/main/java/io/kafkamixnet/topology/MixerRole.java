package io.kafkamixnet.topology;

import java.util.Locale;

/**
 * What traffic a mixer carries, which decides the routing commands it obeys.
 *
 * <ul>
 *   <li>{@link #FORWARD}: requests. Obeys Relay (to a configured next hop), Exit (to a configured
 *       service) and Drop; refuses DeliverReply.</li>
 *   <li>{@link #RESPONSE}: replies built from SURBs. Obeys Relay, DeliverReply (to the configured
 *       reply inbox) and Drop; refuses Exit, so a reply can never reach a service topic.</li>
 * </ul>
 */
public enum MixerRole {
    FORWARD,
    RESPONSE;

    /** {@code forward} or {@code response}, case-insensitive. */
    public static MixerRole parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("forward")) {
                return FORWARD;
            }
            if (v.equals("response")) {
                return RESPONSE;
            }
        }
        throw new IllegalArgumentException("mixer.role must be 'forward' or 'response', found '" + value + "'");
    }
}
