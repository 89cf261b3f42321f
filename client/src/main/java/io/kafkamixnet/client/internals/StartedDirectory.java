package io.kafkamixnet.client.internals;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.directory.DirectoryException;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.TrustPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The directory a started client or service reads: snapshots from a reader it created (and closes),
 * or from a supplier the caller keeps up to date (and closes).
 */
public final class StartedDirectory implements AutoCloseable {

    private final Supplier<DirectorySnapshot> snapshots;
    private final DirectoryReader owned;

    private StartedDirectory(Supplier<DirectorySnapshot> snapshots, DirectoryReader owned) {
        this.snapshots = snapshots;
        this.owned = owned;
    }

    /** The caller's snapshots; {@link #close()} leaves them alone. */
    public static StartedDirectory shared(Supplier<DirectorySnapshot> snapshots) {
        return new StartedDirectory(Objects.requireNonNull(snapshots, "snapshots"), null);
    }

    /**
     * A started reader of {@code topic} that has read the topic to its end, owned by the result. It
     * refuses descriptors dated more than {@code clockTolerance} ahead of {@code clock}. Its start-up
     * retries what {@code startup} retries, until its deadline.
     *
     * @throws MixnetException if it has not (the reader is closed then): the message says what was tried,
     *     for how long, the last error and the setting to raise; an error waiting cannot fix fails at once
     */
    public static StartedDirectory read(
            Map<String, Object> clientConfig,
            String topic,
            TrustPolicy trust,
            Clock clock,
            Duration clockTolerance,
            StartupRetry startup) {
        DirectoryReader reader = new DirectoryReader(clientConfig, topic, trust, clockTolerance, clock);
        try {
            reader.start(startup);
            // The reader gives up by itself at the deadline; the margin covers its last attempt.
            Duration wait =
                    startup.remaining().plus(StartupRetry.MIN_ATTEMPT_TIME).plusSeconds(5);
            if (!reader.awaitReady(wait)) {
                throw new MixnetException("the directory topic '" + topic + "' was not read to its end within "
                        + wait.toSeconds() + " s; the last error: "
                        + reader.lastStartupError().map(Throwable::toString).orElse("none")
                        + "; raise " + startup.setting());
            }
            return new StartedDirectory(reader::snapshot, reader);
        } catch (DirectoryException e) {
            reader.close();
            throw new MixnetException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.close();
            throw new MixnetException("interrupted while reading the directory topic '" + topic + "'", e);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Where the current directory snapshot comes from. */
    public Supplier<DirectorySnapshot> snapshots() {
        return snapshots;
    }

    /** Closes the reader if this directory created it; a shared supplier is the caller's to close. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
