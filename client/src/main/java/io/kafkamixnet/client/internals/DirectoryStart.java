package io.kafkamixnet.client.internals;

import java.time.Duration;
import java.util.Map;

import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.TrustPolicy;

/** Starting a directory reader and waiting until it has caught up, for clients and services that own one. */
public final class DirectoryStart {

    private DirectoryStart() {
    }

    /**
     * A started reader of {@code topic} that has read the topic to its end.
     *
     * @throws MixnetException if it has not within {@code timeout} (the reader is closed then)
     */
    public static DirectoryReader start(Map<String, Object> clientConfig, String topic, TrustPolicy trust,
                                        Duration timeout) {
        DirectoryReader reader = new DirectoryReader(clientConfig, topic, trust);
        try {
            reader.start();
            if (!reader.awaitReady(timeout)) {
                throw new MixnetException("the directory topic '" + topic + "' was not read to its end within " + timeout);
            }
            return reader;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.close();
            throw new MixnetException("interrupted while reading the directory topic '" + topic + "'", e);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
