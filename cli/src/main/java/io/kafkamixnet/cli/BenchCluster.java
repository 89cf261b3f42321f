package io.kafkamixnet.cli;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.cli.bench.ScratchDirectory;
import io.kafkamixnet.cli.demo.LibraryLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster a {@code mixnet bench} phase measures on: the one given, or an embedded broker started
 * in this process. What the libraries log (broker, clients, Streams, the mixer) goes to a file the
 * narration names, as in the demo, so the console holds the benchmark's own lines.
 */
final class BenchCluster implements AutoCloseable {

    private final ClientSettings settings;
    private final String name;
    private final EmbeddedKafkaBroker embedded;
    /** The embedded broker's data, deleted by its close, or at exit when the run is stopped before. */
    private final ScratchDirectory embeddedData;

    private final LibraryLog libraryLog;
    private final PrintWriter narration;

    private BenchCluster(
            ClientSettings settings,
            String name,
            EmbeddedKafkaBroker embedded,
            LibraryLog libraryLog,
            PrintWriter narration) {
        this.settings = settings;
        this.name = name;
        this.embedded = embedded;
        this.embeddedData = embedded == null ? null : ScratchDirectory.adopt(embedded.dataDir());
        this.libraryLog = libraryLog;
        this.narration = narration;
    }

    /**
     * Redirects library logging to a temporary file, then connects to the given cluster or starts an
     * embedded broker. {@code narration} must have been created before (it keeps the real stderr).
     */
    static BenchCluster open(ClusterOptions options, PrintWriter narration) throws IOException {
        LibraryLog log = LibraryLog.redirect(Files.createTempFile("mixnet-bench-", ".log"));
        narration.println("Library log (Kafka, Streams, the mixer): " + log.file());
        narration.flush();
        try {
            if (options.isGiven()) {
                ClientSettings given = options.settings();
                narration.println("Using the Kafka cluster at " + given.bootstrapServers());
                narration.flush();
                return new BenchCluster(given, given.bootstrapServers(), null, log, narration);
            }
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            narration.println("Started an embedded Kafka broker at " + broker.bootstrapServers() + " in "
                    + broker.startupTime().toMillis() + " ms");
            narration.flush();
            return new BenchCluster(ClientSettings.of(broker.bootstrapServers()), "embedded", broker, log, narration);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    ClientSettings settings() {
        return settings;
    }

    /** The embedded broker's {@code log.dirs} directory; empty for a given cluster. */
    Optional<Path> logDir() {
        return embedded == null
                ? Optional.empty()
                : Optional.of(embedded.dataDir().resolve("logs"));
    }

    /** {@code embedded}, or the bootstrap servers of the given cluster: how reports name it. */
    String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            if (embedded != null) {
                try {
                    embedded.close();
                } finally {
                    embeddedData.close();
                }
            }
        } finally {
            LibraryLog.Counts counts = libraryLog.counts();
            libraryLog.close();
            if (counts.errors() > 0) {
                narration.printf(
                        "Library log: %d error and %d warning lines (Kafka retries most of them): %s%n",
                        counts.errors(), counts.warnings(), libraryLog.file());
                narration.flush();
            }
        }
    }
}
