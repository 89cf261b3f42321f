package io.kafkamixnet.cli.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Sends what the libraries log during a demo (the embedded broker, Kafka clients and Streams, the
 * mixers) to a file instead of the console, so the console shows the demo's own lines only.
 *
 * <p>Why this works and how far: the CLI logs through slf4j-simple configured with
 * {@code logFile=System.err} (see {@code simplelogger.properties}), which looks {@code System.err} up at
 * every line; so replacing {@code System.err} moves every library log line, whatever logger wrote it.
 * The demo itself writes to standard output (picocli's writer), which stays where it is. A broker retries
 * many conditions it logs at ERROR (e.g. {@code OutOfOrderSequenceException} on a changelog partition
 * while a producer is fenced and re-initialised): a newcomer reading those on the console would think the
 * demo broke, while they are kept for whoever looks into a failed run. Not thread-safe against other
 * code replacing {@code System.err} meanwhile; one per process at a time.
 */
public final class LibraryLog implements AutoCloseable {

    private final Path file;
    private final PrintStream original;
    private final PrintStream toFile;
    private boolean closed;

    private LibraryLog(Path file, PrintStream original, PrintStream toFile) {
        this.file = file;
        this.original = original;
        this.toFile = toFile;
    }

    /**
     * Starts sending standard error (hence every library log line) to {@code file}, created or truncated.
     *
     * @throws IOException if the file cannot be opened
     */
    public static LibraryLog redirect(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PrintStream toFile = new PrintStream(new FileOutputStream(file.toFile()), true, StandardCharsets.UTF_8);
        PrintStream original = System.err;
        System.setErr(toFile);
        return new LibraryLog(file, original, toFile);
    }

    /** The standard error stream as it was before {@link #redirect}: for messages the user must see. */
    public PrintStream console() {
        return original;
    }

    public Path file() {
        return file;
    }

    /** How many lines so far are slf4j-simple ERROR and WARN lines ({@code [thread] LEVEL logger - message}). */
    public Counts counts() {
        toFile.flush();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            long[] c = new long[2];
            lines.forEach(l -> {
                if (l.contains("] ERROR ")) {
                    c[0]++;
                } else if (l.contains("] WARN ")) {
                    c[1]++;
                }
            });
            return new Counts(c[0], c[1]);
        } catch (IOException | UncheckedIOException e) {
            return new Counts(-1, -1);
        }
    }

    /** ERROR and WARN lines in the file; -1 each if it could not be read. */
    public record Counts(long errors, long warnings) {}

    /** Puts standard error back and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (System.err == toFile) {
            System.setErr(original);
        }
        toFile.close();
    }
}
