package io.kafkamixnet.client.internals;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.packet.Geometry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What clients and services both configure to reach the mixnet, and the one start-up path that uses
 * it: the Kafka client configuration, where the directory comes from (a topic read with a trust
 * policy, or the caller's snapshots), the packet geometry, and how long start-up may wait. The
 * {@code MixnetClient} and {@code MixnetService} builders hold one each and delegate their setters to
 * it. Mutable, not thread-safe: it lives inside a builder.
 */
public final class NetworkSettings {

    /** Default of {@link #startTimeout(Duration)}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private Map<String, Object> clientConfig;
    private Supplier<DirectorySnapshot> directory;
    private String directoryTopic;
    private TrustPolicy trustPolicy;
    private Geometry geometry = Geometry.defaults();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration directoryClockTolerance = DirectoryReader.DEFAULT_CLOCK_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    /** Ordinary Kafka client properties (a copy is kept). */
    public void clientConfig(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        Map<String, Object> m = new HashMap<>();
        config.forEach((k, v) -> m.put(k, v));
        this.clientConfig = m;
    }

    /** As {@link #clientConfig(Map)}, from {@link Properties} (string properties only). */
    public void clientConfig(Properties properties) {
        Map<String, Object> m = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> m.put(k, properties.getProperty(k)));
        this.clientConfig = m;
    }

    /** As {@link #clientConfig(Map)}, from {@link ClientSettings}. */
    public void clientConfig(ClientSettings settings) {
        clientConfig(settings.asClientConfig());
    }

    /** Read the directory from this topic with a reader the owner creates and closes. */
    public void directoryTopic(String topic) {
        this.directoryTopic = Objects.requireNonNull(topic, "topic");
    }

    /** Which mixer identities the owned directory reader accepts. */
    public void trustPolicy(TrustPolicy trust) {
        this.trustPolicy = Objects.requireNonNull(trust, "trust");
    }

    /** Use a directory the caller keeps up to date (and closes). */
    public void directory(Supplier<DirectorySnapshot> snapshots) {
        this.directory = Objects.requireNonNull(snapshots, "snapshots");
    }

    /** The network's packet geometry (default {@link Geometry#defaults()}). */
    public void geometry(Geometry geometry) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
    }

    /**
     * How long start-up may take in all, waiting out transient cluster errors: reading the directory, and a
     * client's inbox or a service's exit topic; owners check the range.
     */
    public void startTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * How far ahead of this host's clock a descriptor's publication time may be before the owned
     * directory reader refuses it as {@code FUTURE_DATED} (default
     * {@link DirectoryReader#DEFAULT_CLOCK_TOLERANCE}, 5 min).
     *
     * @throws IllegalArgumentException if negative or above {@link DirectoryReader#MAX_CLOCK_TOLERANCE} (1 h)
     */
    public void directoryClockTolerance(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.compareTo(DirectoryReader.MAX_CLOCK_TOLERANCE) > 0) {
            throw new IllegalArgumentException("the directory clock tolerance must be between 0 and "
                    + DirectoryReader.MAX_CLOCK_TOLERANCE + ", found " + tolerance);
        }
        this.directoryClockTolerance = tolerance;
    }

    /** The clock the owned directory reader dates descriptors against (default UTC system clock; tests). */
    public void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Duration directoryClockTolerance() {
        return directoryClockTolerance;
    }

    /** The Kafka client configuration; null until set. */
    public Map<String, Object> clientConfig() {
        return clientConfig;
    }

    public Geometry geometry() {
        return geometry;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    /** @throws IllegalStateException without a client configuration naming {@code bootstrap.servers} */
    public void requireClientConfig() {
        if (clientConfig == null || clientConfig.get("bootstrap.servers") == null) {
            throw new IllegalStateException("a Kafka client configuration with bootstrap.servers is required");
        }
    }

    /** @throws IllegalStateException unless exactly one directory source is set, a topic with its trust policy */
    public void requireDirectorySource() {
        if ((directory == null) == (directoryTopic == null)) {
            throw new IllegalStateException(
                    "exactly one of directory(snapshots) and directoryTopic(topic) is required");
        }
        if (directoryTopic != null && trustPolicy == null) {
            throw new IllegalStateException("directoryTopic needs a trustPolicy: which mixer identities to accept");
        }
    }

    /**
     * The start-up path of clients and services: starts the directory (reading an owned
     * {@link DirectoryReader} to the end of its topic), then builds the client or service on it, giving it
     * the same start-up retry for its own steps (a client's inbox, a service's exit topic). All steps share
     * one deadline, the start timeout from now; each waits out transient cluster errors (a broker still
     * starting, a topic not created yet, no leader yet) and fails at once on errors waiting cannot fix. If
     * building fails, an owned reader is closed again.
     *
     * @param owner who starts, as the final error names its setting ("MixnetClient", "MixnetService")
     * @throws io.kafkamixnet.client.MixnetException if the directory topic is not read in time or cannot be
     *     read (the message says what was tried, for how long, the last error and the setting to raise)
     */
    public <T> T start(String owner, BiFunction<StartedDirectory, StartupRetry, T> build) {
        StartupRetry retry = StartupRetry.of(startTimeout)
                .describedAs("the " + owner + " builder's startTimeout")
                .startingNow();
        StartedDirectory started = directoryTopic != null
                ? StartedDirectory.read(
                        clientConfig, directoryTopic, trustPolicy, clock, directoryClockTolerance, retry)
                : StartedDirectory.shared(directory);
        try {
            return build.apply(started, retry);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }
}
