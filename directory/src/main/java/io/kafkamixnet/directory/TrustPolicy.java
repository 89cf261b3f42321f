package io.kafkamixnet.directory;

import io.kafkamixnet.keys.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which identities a {@link DirectoryReader} lets speak for which mixer ids.
 *
 * <ul>
 *   <li>{@link #trusting}: a fixed list of identity keys (any of them may sign for any mixer id).</li>
 *   <li>{@link #pinning}: trust on first use. The first identity whose correctly signed descriptor is
 *       accepted for a mixer id is pinned in a file; from then on only that identity may speak for that
 *       id, also after a restart. A pin is never replaced automatically: to re-key a mixer, remove its
 *       line from the pin file.</li>
 *   <li>{@link #trustingAndPinning}: both. The identity must be on the list, and the first listed
 *       identity seen for a mixer id is pinned, so one trusted operator cannot later take over another's
 *       mixer id.</li>
 * </ul>
 *
 * <p>Keys are written as 64 hex digits wherever people handle them ({@link #parseIdentityKey},
 * {@link #readKeyList}). Pin file format (UTF-8, owner-only, replaced atomically on every new pin): one
 * {@code <64 hex digits> <mixer id>} per line, {@code #} lines are comments. Thread-safe. Use one pin
 * file per process: two processes sharing one would overwrite each other's new pins.
 */
public final class TrustPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(TrustPolicy.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Set<String> trusted; // hex; null: any identity (pinning alone)
    private final Path pinFile; // null: no pinning
    private final Map<String, String> pins = new LinkedHashMap<>(); // mixer id -> hex identity

    private TrustPolicy(Set<String> trusted, Path pinFile) {
        this.trusted = trusted;
        this.pinFile = pinFile;
        if (pinFile != null) {
            try {
                pins.putAll(readPins(pinFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pin file " + pinFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** Trusts exactly these 32-byte Ed25519 identity keys (at least one). */
    public static TrustPolicy trusting(Collection<byte[]> identityKeys) {
        return new TrustPolicy(keySet(identityKeys), null);
    }

    /** Trusts exactly these identity keys, each 64 hex digits. */
    public static TrustPolicy trustingHex(Collection<String> identityKeysHex) {
        List<byte[]> keys = new ArrayList<>();
        for (String hex : identityKeysHex) {
            keys.add(parseIdentityKey(hex));
        }
        return trusting(keys);
    }

    /**
     * Trust on first use, pins kept in {@code pinFile} (read now if it exists; created owner-only on the
     * first pin, its directory 0700 if missing).
     *
     * @throws UncheckedIOException if the pin file exists but cannot be read or is malformed
     */
    public static TrustPolicy pinning(Path pinFile) {
        return new TrustPolicy(null, Objects.requireNonNull(pinFile, "pinFile"));
    }

    /** Only listed identities, and each mixer id pinned to the first listed identity seen for it. */
    public static TrustPolicy trustingAndPinning(Collection<byte[]> identityKeys, Path pinFile) {
        return new TrustPolicy(keySet(identityKeys), Objects.requireNonNull(pinFile, "pinFile"));
    }

    /**
     * A 32-byte identity key from 64 hex digits (either case; surrounding blanks ignored).
     *
     * @throws IllegalArgumentException stating what was expected and found
     */
    public static byte[] parseIdentityKey(String hex) {
        Objects.requireNonNull(hex, "hex");
        String h = hex.strip();
        if (h.length() != 2 * Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("expected an identity key of " + 2 * Ed25519.PUBLIC_KEY_LENGTH
                    + " hex digits, found " + h.length() + " characters");
        }
        try {
            return HEX.parseHex(h.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected an identity key of " + 2 * Ed25519.PUBLIC_KEY_LENGTH
                    + " hex digits, found a non-hex character");
        }
    }

    /**
     * Identity keys from a text file: one key (64 hex digits) per line; blank lines and {@code #}
     * comments (whole-line or after the key) are ignored.
     */
    public static List<byte[]> readKeyList(Path file) throws IOException {
        List<byte[]> keys = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            try {
                keys.add(parseIdentityKey(l));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage());
            }
        }
        return keys;
    }

    /**
     * Whether {@code identityKey} may speak for {@code mixerId} now. No side effect: a first use is
     * pinned only when a reader accepts the descriptor.
     */
    public synchronized boolean trusts(String mixerId, byte[] identityKey) {
        return refusal(mixerId, HEX.formatHex(identityKey)) == null;
    }

    /** The pinned identity (hex) per mixer id; empty without pinning. */
    public synchronized Map<String, String> pins() {
        return Map.copyOf(pins);
    }

    /**
     * Admits a verified descriptor or says why not; pins a first use. Called by the reader for every
     * descriptor whose signature verified, before the sequence check.
     */
    synchronized void admit(VerifiedDescriptor descriptor) throws DescriptorRejectedException {
        check(descriptor);
        String mixerId = descriptor.mixerId();
        String key = HEX.formatHex(descriptor.identityKey());
        if (pinFile != null && !pins.containsKey(mixerId)) {
            pins.put(mixerId, key);
            LOG.info("Pinned mixer {} to identity {}", mixerId, key);
            try {
                writePins();
            } catch (IOException e) {
                // The pin still holds in this process; it is retried with the next pin write.
                LOG.error(
                        "Cannot write pin file {}: {}. The pin for mixer {} holds only until this process stops.",
                        pinFile,
                        e.getMessage(),
                        mixerId);
            }
        }
    }

    /** Says why a verified descriptor is not trusted (UNTRUSTED), without pinning anything. */
    synchronized void check(VerifiedDescriptor descriptor) throws DescriptorRejectedException {
        String refusal = refusal(descriptor.mixerId(), HEX.formatHex(descriptor.identityKey()));
        if (refusal != null) {
            throw new DescriptorRejectedException(Rejection.UNTRUSTED, refusal);
        }
    }

    private String refusal(String mixerId, String keyHex) {
        if (trusted != null && !trusted.contains(keyHex)) {
            return "mixer " + mixerId + ": identity " + keyHex + " is not on the trust list";
        }
        String pinned = pins.get(mixerId);
        if (pinned != null && !pinned.equals(keyHex)) {
            return "mixer " + mixerId + ": expected the pinned identity " + pinned + ", found " + keyHex;
        }
        return null;
    }

    private void writePins() throws IOException {
        StringBuilder sb = new StringBuilder("# Kafka Mixnet directory pins: <identity key hex> <mixer id>\n");
        pins.forEach((id, key) -> sb.append(key).append(' ').append(id).append('\n'));
        Path dir = pinFile.toAbsolutePath().getParent();
        OwnerOnlyFiles.createDirectoryIfMissing(dir);
        OwnerOnlyFiles.write(pinFile.toAbsolutePath(), sb.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private static Map<String, String> readPins(Path file) throws IOException {
        Map<String, String> read = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return read;
        }
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new IOException(
                        file + " line " + lineNo + ": expected '<identity key hex> <mixer id>', found no space");
            }
            String key;
            try {
                key = HEX.formatHex(parseIdentityKey(line.substring(0, space)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + lineNo + ": " + e.getMessage());
            }
            String id = line.substring(space + 1);
            if (id.isEmpty()) {
                throw new IOException(file + " line " + lineNo + ": expected a mixer id after the key, found none");
            }
            String earlier = read.putIfAbsent(id, key);
            if (earlier != null && !earlier.equals(key)) {
                throw new IOException(
                        file + " line " + lineNo + ": mixer " + id + " is pinned twice to different identities");
            }
        }
        return read;
    }

    private static Set<String> keySet(Collection<byte[]> identityKeys) {
        Objects.requireNonNull(identityKeys, "identityKeys");
        if (identityKeys.isEmpty()) {
            throw new IllegalArgumentException("expected at least one trusted identity key, found none");
        }
        Set<String> set = new LinkedHashSet<>();
        for (byte[] k : identityKeys) {
            if (k == null || k.length != Ed25519.PUBLIC_KEY_LENGTH) {
                throw new IllegalArgumentException("a trusted identity key must have " + Ed25519.PUBLIC_KEY_LENGTH
                        + " bytes, found " + (k == null ? "null" : k.length + " bytes"));
            }
            set.add(HEX.formatHex(k));
        }
        return Set.copyOf(set);
    }

    @Override
    public synchronized String toString() {
        return "TrustPolicy[" + (trusted == null ? "any identity" : trusted.size() + " trusted identities")
                + (pinFile == null ? "" : ", pinning in " + pinFile + " (" + pins.size() + " pins)") + "]";
    }
}
