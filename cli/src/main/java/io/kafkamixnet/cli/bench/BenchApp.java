package io.kafkamixnet.cli.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * An application under measurement: one or more instances of a Kafka Streams application in this
 * process, all in one consumer group, reading one ingress topic.
 */
interface BenchApp extends AutoCloseable {

    /** Starts every instance; returns at once. */
    void start();

    /** Waits until every instance is RUNNING; false on timeout. */
    boolean awaitRunning(Duration timeout) throws InterruptedException;

    /** Why an instance stopped on its own, if one did. */
    Optional<Throwable> failure();

    /** Closes every instance, leaving the group. */
    @Override
    void close();
}
