package io.kafkamixnet.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text layout every key file shares (epoch keys, the pool-store key, the identity): ASCII
 * {@code name=value} lines ending in LF or CRLF, blank lines and {@code #} comment lines skipped,
 * names and values trimmed, unknown names ignored (later versions may add fields), and one
 * {@code format=} line that must name the format the reader expects.
 *
 * <p>Parsed at byte level so that secret values never become {@code String}s, which cannot be
 * wiped: {@link #base64} decodes straight from the file's bytes, and {@link #wipe} clears the copy
 * this object holds. The caller still wipes the file content it read.
 */
final class KeyFileText implements AutoCloseable {

    private final String what;
    private final Map<String, byte[]> values;

    private KeyFileText(String what, Map<String, byte[]> values) {
        this.what = what;
        this.values = values;
    }

    /**
     * Parses {@code content} into its fields. Readers decode the fields they need, then call
     * {@link #requireFormat} (in that order, so a bad value is reported before a wrong format, as
     * the key files always have been).
     *
     * @param what names the file in messages, e.g. {@code "key file /keys/mix-7.key"}
     * @throws IOException if a non-comment line has no {@code =}; the message never shows a value
     */
    static KeyFileText parse(byte[] content, String what) throws IOException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        KeyFileText text = new KeyFileText(what, values);
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int s = start;
            int e = end;
            while (s < e && isBlank(content[s])) {
                s++;
            }
            while (e > s && isBlank(content[e - 1])) {
                e--;
            }
            if (s < e && content[s] != '#') {
                int eq = s;
                while (eq < e && content[eq] != '=') {
                    eq++;
                }
                if (eq == e) {
                    text.wipe();
                    throw new IOException(what + ": expected name=value lines, found a line without '='");
                }
                String name = new String(content, s, eq - s, StandardCharsets.US_ASCII).trim();
                int vs = eq + 1;
                while (vs < e && isBlank(content[vs])) {
                    vs++;
                }
                byte[] previous = values.put(name, Arrays.copyOfRange(content, vs, e));
                if (previous != null) {
                    Arrays.fill(previous, (byte) 0);
                }
            }
            start = end + 1;
        }
        return text;
    }

    /**
     * Checks the {@code format=} line.
     *
     * @throws IOException if it is missing or names another format than {@code expected}
     */
    void requireFormat(String expected) throws IOException {
        String format = text("format");
        if (!expected.equals(format)) {
            throw new IOException(what + ": expected format=" + expected + ", found "
                    + (format == null ? "no format line" : "'" + format + "'"));
        }
    }

    /** A field that is not secret (format, epoch) as text; null if absent. */
    String text(String name) {
        byte[] v = values.get(name);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }

    /**
     * A base64 field, decoded into a new array the caller must wipe; null if absent.
     *
     * @throws IOException if the value is not valid base64
     */
    byte[] base64(String name) throws IOException {
        byte[] v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IOException(what + ": field '" + name + "' is not valid base64");
        }
    }

    /** Clears every value this object copied from the file. Idempotent. */
    void wipe() {
        values.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    @Override
    public void close() {
        wipe();
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
