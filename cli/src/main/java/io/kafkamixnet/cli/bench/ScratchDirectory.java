package io.kafkamixnet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A temporary directory that a benchmark, attack or demo run works in, deleted with everything in it on
 * {@link #close()}, or by a shutdown hook when the run is stopped before (Ctrl-C, {@code kill}: the JVM
 * then runs only its hooks) — it holds mixer keys and state, or a broker's data, which must not pile up in
 * the temporary directory. Deletion is best effort: a failure to clean up must not hide the run's own
 * result or error.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final Thread hook;

    private ScratchDirectory(Path path) {
        this.path = path;
        this.hook = new Thread(() -> deleteRecursively(path), "mixnet-scratch-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Takes over an existing directory that some other part deletes when it closes normally (an embedded
     * broker's data), so that it is deleted too when the JVM is stopped before that.
     */
    public static ScratchDirectory adopt(Path dir) {
        return new ScratchDirectory(dir);
    }

    /**
     * Creates a fresh directory in the default temporary-file directory, named {@code prefix} and a
     * random suffix.
     *
     * @throws IOException if it cannot be created
     */
    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix));
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** Deletes the directory and everything in it, ignoring what cannot be deleted. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook deletes it too
        }
        deleteRecursively(path);
    }

    /** Deletes {@code dir} and everything in it, ignoring what cannot be deleted (or a missing {@code dir}). */
    public static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
