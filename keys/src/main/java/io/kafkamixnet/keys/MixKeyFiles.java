package io.kafkamixnet.keys;

import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.MixPublicKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Mixer private keys on disk: one file per epoch, {@code mix-<epoch>.key} ({@link KeyDirectory}), in a
 * directory only the owner can enter (0700), each file readable only by the owner (0600).
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
 * or others can access, as ssh does. {@link #generateMissing} generates keys under the directory's
 * {@link KeyDirectoryLock}; {@link #wipeAndDelete} removes an expired one.
 */
public final class MixKeyFiles {

    static final String FORMAT = "kafka-mixnet-x25519-private-key-v1";

    private MixKeyFiles() {}

    /** The file name of the key of {@code epoch}: {@link KeyDirectory#epochKeyFileName}. */
    public static String fileName(long epoch) {
        return KeyDirectory.epochKeyFileName(epoch);
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
        Path target = KeyDirectory.epochKeyFile(dir, key.epoch());
        byte[] content = encode(key);
        try {
            OwnerOnlyFiles.write(target, content, false);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(
                    target.toString(),
                    null,
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
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, KeyDirectory.EPOCH_KEY_GLOB)) {
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

    /**
     * Generates and writes a key for every epoch from {@code fromEpoch} to {@code toEpoch} (inclusive)
     * that has no key file in {@code dir} and is not {@code held}, under the directory's
     * {@link KeyDirectoryLock} after re-reading the directory, so processes sharing the directory never
     * make two different keys for an epoch. Creates {@code dir} (0700) if it is missing. An epoch whose
     * key another process writes meanwhile without taking the lock keeps that key.
     *
     * @param held epochs the caller already holds (in memory): they are never generated
     * @return the keys written now, ascending by epoch; the caller owns (and destroys) them
     * @throws IOException if the lock cannot be taken, a key file present is malformed or accessible to
     *                     group or others, or a write fails
     */
    public static List<MixPrivateKey> generateMissing(
            Path dir, long fromEpoch, long toEpoch, SecureRandom random, LongPredicate held) throws IOException {
        OwnerOnlyFiles.createDirectoryIfMissing(dir);
        List<MixPrivateKey> generated = new ArrayList<>();
        boolean done = false;
        try (KeyDirectoryLock lock = KeyDirectoryLock.acquire(dir)) {
            // Under the lock: whatever another process generated is on disk now.
            Set<Long> onDisk = new HashSet<>();
            for (MixPrivateKey k : readAll(dir)) {
                onDisk.add(k.epoch());
                k.destroy();
            }
            for (long e = fromEpoch; e <= toEpoch; e++) {
                if (onDisk.contains(e) || held.test(e)) {
                    continue;
                }
                MixPrivateKey key = MixPrivateKey.generate(e, random);
                try {
                    write(dir, key);
                    generated.add(key);
                } catch (FileAlreadyExistsException ex) {
                    key.destroy(); // written by a process that does not take the lock: use that one
                }
            }
            done = true;
        } finally {
            if (!done) {
                // What was written stays on disk, where a reader finds it; no key object is left behind.
                generated.forEach(MixPrivateKey::destroy);
            }
        }
        return generated;
    }

    /**
     * Overwrites the key file of {@code epoch} in {@code dir} with zeros (as far as the file system
     * allows), forces that to disk and deletes the file. A missing file is left missing.
     */
    public static void wipeAndDelete(Path dir, long epoch) throws IOException {
        Path file = KeyDirectory.epochKeyFile(dir, epoch);
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 1 << 16));
            long written = 0;
            while (written < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                written += ch.write(zeros, written);
            }
            ch.force(true);
        }
        Files.delete(file);
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
            writeAscii(
                    out,
                    "\npublic="
                            + Base64.getEncoder().encodeToString(key.publicKey().bytes()) + "\n");
            return out.toByteArray();
        } finally {
            Arrays.fill(privB64, (byte) 0);
        }
    }

    private static void writeAscii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    static MixPrivateKey decode(byte[] content, Path source) throws IOException {
        String what = "key file " + source;
        byte[] priv = null;
        byte[] pub = null;
        try (KeyFileText text = KeyFileText.parse(content, what)) {
            String epochText = text.text("epoch");
            Long epoch = null;
            if (epochText != null) {
                try {
                    epoch = Long.parseLong(epochText);
                } catch (NumberFormatException e) {
                    throw new IOException(what + ": expected a decimal epoch, found '" + epochText + "'");
                }
            }
            priv = text.base64("private");
            pub = text.base64("public");
            text.requireFormat(FORMAT);
            if (epoch == null || priv == null || pub == null) {
                throw new IOException(what + ": expected epoch, private and public lines");
            }
            if (priv.length != MixPrivateKey.LENGTH || pub.length != MixPublicKey.LENGTH) {
                throw new IOException(what + ": expected 32-byte keys, found private " + priv.length + " and public "
                        + pub.length + " bytes");
            }
            MixPrivateKey key = MixPrivateKey.fromBytes(epoch, priv);
            if (!Arrays.equals(key.publicKey().bytes(), pub)) {
                key.destroy();
                throw new IOException(what + ": the public key does not match the private key");
            }
            return key;
        } finally {
            if (priv != null) {
                Arrays.fill(priv, (byte) 0);
            }
        }
    }
}
