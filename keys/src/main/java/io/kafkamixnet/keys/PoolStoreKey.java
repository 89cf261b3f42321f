package io.kafkamixnet.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.security.auth.Destroyable;

/**
 * The mixer-local key that seals held packets in the pool store (AES-256-GCM, see the topology
 * package documentation), so the store's changelog topic, readable by whoever can read topics,
 * never holds an outgoing packet in the clear.
 *
 * <p>Every instance of one mixer must have the same key: a stream task that moves to another
 * instance restores its pool from the changelog and must open it. It lives next to the epoch keys
 * in the key directory as {@value #FILE_NAME}, owner-only (0600, see {@link OwnerOnlyFiles}),
 * written once by {@code mixnet keygen} and copied with the epoch keys. It does not rotate with
 * epochs: held entries outlive epoch changes.
 *
 * <p>Security contract: the key bytes leave this object only through {@link #write} and
 * {@link #bytes()}; {@code toString} never shows them; {@link #destroy()} zeroes them.
 */
public final class PoolStoreKey implements Destroyable {

    /** The file name in the key directory: {@link KeyDirectory#POOL_STORE_KEY}. */
    public static final String FILE_NAME = KeyDirectory.POOL_STORE_KEY;

    public static final int LENGTH = 32;
    private static final String FORMAT = "kafka-mixnet-pool-store-key-v1";

    private final byte[] key;
    private volatile boolean destroyed;

    private PoolStoreKey(byte[] key) {
        this.key = key;
    }

    /** A fresh random key. */
    public static PoolStoreKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        return new PoolStoreKey(k);
    }

    /** The key with these 32 bytes (copied; the caller should zero its array). */
    public static PoolStoreKey fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a pool store key has " + LENGTH + " bytes, found "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return new PoolStoreKey(bytes.clone());
    }

    /** A copy of the key bytes. The caller must zero it after use. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("this PoolStoreKey has been destroyed");
        }
        return key.clone();
    }

    /** Whether {@code dir} holds a pool store key file. */
    public static boolean exists(Path dir) {
        return Files.exists(KeyDirectory.poolStoreKeyFile(dir));
    }

    /**
     * Writes the key to {@code dir/}{@value #FILE_NAME} with owner-only permissions from the start
     * (creating {@code dir} as 0700 if needed). Never overwrites: replacing the key would make every
     * held packet unreadable.
     *
     * @throws FileAlreadyExistsException if the file exists
     */
    public Path write(Path dir) throws IOException {
        OwnerOnlyFiles.createDirectoryIfMissing(dir);
        Path target = KeyDirectory.poolStoreKeyFile(dir);
        byte[] b64 = Base64.getEncoder().encode(bytes());
        byte[] content = new byte[0];
        try {
            byte[] head =
                    ("# Kafka Mixnet pool store key. Secret: owner-only; identical on every instance of this mixer.\n"
                                    + "format=" + FORMAT + "\nkey=")
                            .getBytes(StandardCharsets.US_ASCII);
            content = new byte[head.length + b64.length + 1];
            System.arraycopy(head, 0, content, 0, head.length);
            System.arraycopy(b64, 0, content, head.length, b64.length);
            content[content.length - 1] = '\n';
            OwnerOnlyFiles.write(target, content, false);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(
                    target.toString(),
                    null,
                    "a pool store key already exists; refusing to overwrite it (held packets would become unreadable)");
        } finally {
            Arrays.fill(b64, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
        return target;
    }

    /**
     * Reads {@code dir/}{@value #FILE_NAME}.
     *
     * @throws NoSuchFileException if there is none (run {@code mixnet keygen})
     * @throws IOException if it is malformed or (POSIX) accessible to group or others
     */
    public static PoolStoreKey read(Path dir) throws IOException {
        Path f = KeyDirectory.poolStoreKeyFile(dir);
        if (!Files.exists(f)) {
            throw new NoSuchFileException(
                    f.toString(),
                    null,
                    "no pool store key; create one with 'mixnet keygen --dir " + dir
                            + "' and copy it to every instance");
        }
        OwnerOnlyFiles.checkOwnerOnly(f, "pool store key");
        byte[] content = Files.readAllBytes(f);
        try (KeyFileText text = KeyFileText.parse(content, "pool store key " + f)) {
            byte[] key = text.base64("key");
            try {
                text.requireFormat(FORMAT);
                if (key == null || key.length != LENGTH) {
                    throw new IOException("pool store key " + f + ": expected a " + LENGTH + "-byte key, found "
                            + (key == null ? "none" : key.length + " bytes"));
                }
                return new PoolStoreKey(key.clone());
            } finally {
                if (key != null) {
                    Arrays.fill(key, (byte) 0);
                }
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PoolStoreKey[" + (destroyed ? "destroyed" : "hidden") + "]";
    }
}
