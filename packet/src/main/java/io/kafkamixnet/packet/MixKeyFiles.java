package io.kafkamixnet.packet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Mixer private keys on disk: one file per epoch, {@code mix-<epoch>.key}, in a directory only the
 * owner can enter (0700), each file readable only by the owner (0600).
 *
 * <p>File format (ASCII, one {@code name=value} per line, '#' lines are comments):
 * <pre>
 *   format=kafka-mixnet-x25519-private-key-v1
 *   epoch=&lt;decimal&gt;
 *   private=&lt;base64 of the 32-byte X25519 scalar&gt;
 *   public=&lt;base64 of the 32-byte public key, checked on load&gt;
 * </pre>
 * Files are written with {@link OwnerOnlyFiles}: owner-only from the first byte, through a temporary
 * file moved into place, and an existing key of the same epoch is never overwritten, also not by a
 * concurrent writer. On POSIX file systems {@link #readAll} refuses a key file or directory that group
 * or others can access, as ssh does.
 */
public final class MixKeyFiles {

    static final String FORMAT = "kafka-mixnet-x25519-private-key-v1";
    private static final String PREFIX = "mix-";
    private static final String SUFFIX = ".key";

    private MixKeyFiles() {
    }

    /** The file name of the key of {@code epoch}. */
    public static String fileName(long epoch) {
        return PREFIX + epoch + SUFFIX;
    }

    /**
     * Writes {@code key} to {@code dir/mix-<epoch>.key}, creating {@code dir} as 0700 if needed or
     * restricting an existing one to 0700 (it holds nothing but secrets).
     *
     * @return the path written
     * @throws FileAlreadyExistsException if a key of this epoch is already there
     */
    public static Path write(Path dir, MixPrivateKey key) throws IOException {
        OwnerOnlyFiles.createOrRestrictDirectory(dir);
        Path target = dir.resolve(fileName(key.epoch()));
        byte[] content = encode(key);
        try {
            OwnerOnlyFiles.write(target, content, false);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a key for epoch " + key.epoch() + " already exists; refusing to overwrite it");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        return target;
    }

    /**
     * Every key in {@code dir} ({@code mix-*.key}), sorted by epoch. An empty or missing directory gives
     * an empty list.
     *
     * @throws IOException if a key file is malformed, its public key does not match, or (POSIX) it or
     *                     the directory is accessible to group or others
     */
    public static List<MixPrivateKey> readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        OwnerOnlyFiles.checkOwnerOnly(dir, "key directory");
        List<MixPrivateKey> keys = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                OwnerOnlyFiles.checkOwnerOnly(f, "key file");
                byte[] content = Files.readAllBytes(f);
                try {
                    keys.add(decode(content, f));
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
            }
        }
        keys.sort(Comparator.comparingLong(MixPrivateKey::epoch));
        return keys;
    }

    static byte[] encode(MixPrivateKey key) throws IOException {
        byte[] priv = key.toBytes();
        byte[] privB64 = Base64.getEncoder().encode(priv);
        Arrays.fill(priv, (byte) 0);
        var out = new java.io.ByteArrayOutputStream(256);
        try {
            writeAscii(out, "# Kafka Mixnet mixer private key. Secret: keep this file owner-only.\n");
            writeAscii(out, "format=" + FORMAT + "\n");
            writeAscii(out, "epoch=" + key.epoch() + "\n");
            writeAscii(out, "private=");
            out.write(privB64);
            writeAscii(out, "\npublic=" + Base64.getEncoder().encodeToString(key.publicKey().bytes()) + "\n");
            return out.toByteArray();
        } finally {
            Arrays.fill(privB64, (byte) 0);
        }
    }

    private static void writeAscii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    static MixPrivateKey decode(byte[] content, Path source) throws IOException {
        String format = null;
        Long epoch = null;
        byte[] priv = null;
        byte[] pub = null;
        try {
            int start = 0;
            while (start < content.length) {
                int end = start;
                while (end < content.length && content[end] != '\n') {
                    end++;
                }
                int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
                if (lineEnd > start && content[start] != '#') {
                    int eq = start;
                    while (eq < lineEnd && content[eq] != '=') {
                        eq++;
                    }
                    if (eq == lineEnd) {
                        throw new IOException("key file " + source + ": expected name=value lines, found a line without '='");
                    }
                    String name = new String(content, start, eq - start, StandardCharsets.US_ASCII).trim();
                    int vStart = eq + 1;
                    int vLen = lineEnd - vStart;
                    switch (name) {
                        case "format" -> format = new String(content, vStart, vLen, StandardCharsets.US_ASCII).trim();
                        case "epoch" -> {
                            String v = new String(content, vStart, vLen, StandardCharsets.US_ASCII).trim();
                            try {
                                epoch = Long.parseLong(v);
                            } catch (NumberFormatException e) {
                                throw new IOException("key file " + source + ": expected a decimal epoch, found '" + v + "'");
                            }
                        }
                        case "private" -> priv = base64(content, vStart, vLen, source, "private");
                        case "public" -> pub = base64(content, vStart, vLen, source, "public");
                        default -> { } // later versions may add fields
                    }
                }
                start = end + 1;
            }
            if (!FORMAT.equals(format)) {
                throw new IOException("key file " + source + ": expected format=" + FORMAT + ", found "
                        + (format == null ? "no format line" : "'" + format + "'"));
            }
            if (epoch == null || priv == null || pub == null) {
                throw new IOException("key file " + source + ": expected epoch, private and public lines");
            }
            if (priv.length != MixPrivateKey.LENGTH || pub.length != MixPublicKey.LENGTH) {
                throw new IOException("key file " + source + ": expected 32-byte keys, found private "
                        + priv.length + " and public " + pub.length + " bytes");
            }
            MixPrivateKey key = MixPrivateKey.fromBytes(epoch, priv);
            if (!Arrays.equals(key.publicKey().bytes(), pub)) {
                key.destroy();
                throw new IOException("key file " + source + ": the public key does not match the private key");
            }
            return key;
        } finally {
            if (priv != null) {
                Arrays.fill(priv, (byte) 0);
            }
        }
    }

    private static byte[] base64(byte[] content, int off, int len, Path source, String field) throws IOException {
        int s = off;
        int e = off + len;
        while (s < e && content[s] == ' ') {
            s++;
        }
        while (e > s && content[e - 1] == ' ') {
            e--;
        }
        try {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(content, s, e - s));
            byte[] out = new byte[decoded.remaining()];
            decoded.get(out);
            return out;
        } catch (IllegalArgumentException ex) {
            throw new IOException("key file " + source + ": field '" + field + "' is not valid base64");
        }
    }
}
