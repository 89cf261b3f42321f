package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.MixnetException;
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
     * refuses descriptors dated more than {@code clockTolerance} ahead of {@code clock}.
     *
     * @throws MixnetException if it has not within {@code timeout} (the reader is closed then)
     */
    public static StartedDirectory read(
            Map<String, Object> clientConfig,
            String topic,
            TrustPolicy trust,
            Clock clock,
            Duration clockTolerance,
            Duration timeout) {
        DirectoryReader reader = new DirectoryReader(clientConfig, topic, trust, clockTolerance, clock);
        try {
            reader.start();
            if (!reader.awaitReady(timeout)) {
                throw new MixnetException(
                        "the directory topic '" + topic + "' was not read to its end within " + timeout);
            }
            return new StartedDirectory(reader::snapshot, reader);
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
