package io.kafkamixnet.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock on a key directory ({@code <dir>/.keyring.lock}, created 0600), held while epoch
 * keys are generated so that processes and threads sharing one directory never generate two different
 * keys for an epoch. Use with try-with-resources; {@link #close} releases it.
 *
 * <p>A {@link FileLock} excludes other processes only (and a second lock on the same file in one JVM
 * fails), so holders in this JVM first take a lock per directory that they share.
 */
public final class KeyDirectoryLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private KeyDirectoryLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits for and takes the lock of {@code dir}, which must exist.
     *
     * @throws IOException if the lock file cannot be created or locked
     */
    public static KeyDirectoryLock acquire(Path dir) throws IOException {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        jvmLock.lock();
        FileChannel channel = null;
        try {
            channel = OwnerOnlyFiles.openOrCreateForWriting(KeyDirectory.lockFile(dir));
            return new KeyDirectoryLock(jvmLock, channel, channel.lock());
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                jvmLock.unlock();
            }
            throw e;
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try (FileChannel c = channel) {
            fileLock.release();
        } finally {
            jvmLock.unlock();
        }
    }
}
