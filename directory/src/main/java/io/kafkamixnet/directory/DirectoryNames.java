package io.kafkamixnet.directory;

import io.kafkamixnet.packet.Geometry;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for the names a descriptor carries and routing commands name: mixer ids, next hops
 * and exit services. The packet format's rule for ids (1..{@link Geometry#MAX_ID_LENGTH} UTF-8
 * bytes of valid Unicode, docs/packet-format.md section 6) plus no control characters, so a name
 * shown in a log, a metric or a terminal cannot rewrite what is around it. Mixers check their own
 * configuration with it, so a mixer never announces what readers refuse.
 */
public final class DirectoryNames {

    private DirectoryNames() {}

    /**
     * Returns {@code name} if it follows the rule.
     *
     * @param what names the value in the message, e.g. {@code "mixer id"}
     * @throws IllegalArgumentException saying what was expected and found (never the name itself,
     *     which may hold the very characters the rule keeps out of logs)
     */
    public static String check(String what, String name) {
        if (name == null) {
            throw new IllegalArgumentException(
                    what + " must have 1.." + Geometry.MAX_ID_LENGTH + " UTF-8 bytes, found null");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > Geometry.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must have 1.." + Geometry.MAX_ID_LENGTH + " UTF-8 bytes, found " + bytes);
        }
        if (name.codePoints()
                .anyMatch(c ->
                        Character.isISOControl(c) || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE))) {
            throw new IllegalArgumentException(
                    what + " must be valid Unicode without control characters, found one that is not");
        }
        return name;
    }
}
