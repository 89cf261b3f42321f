package io.kafkamixnet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A temporary directory that a benchmark, attack or demo run works in, deleted with everything in it on
 * {@link #close()}. Deletion is best effort: a leftover temporary directory is harmless, and a failure
 * to clean up must not hide the run's own result or error.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
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
