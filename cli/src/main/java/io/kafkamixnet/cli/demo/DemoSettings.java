package io.kafkamixnet.cli.demo;

import io.kafkamixnet.admin.DurationSetting;
import java.time.Duration;
import java.util.Objects;

/** Immutable, validated settings of one demo run. */
public record DemoSettings(
        DemoStrategy strategy,
        int clients,
        int requestsPerClient,
        Duration meanRequestInterval,
        double coverPacketsPerSecondPerClient,
        Duration epochLength,
        Duration epochGrace,
        Duration requestTimeout,
        short replicationFactor,
        boolean defences,
        int metricsPort) {

    /**
     * Mixer defences the demo turns on with {@code --defences} (forward mixers: the single response
     * mixer has no peer to route cover through): dummies top up flushes to 4 packets, 2 heartbeat loops
     * per second through the other forward mixer, alarm but no hold (a demo should not stall).
     */
    public static final java.util.Map<String, String> DEFENCE_PROPERTIES = java.util.Map.of(
            "dummy.min-batch", "4",
            "dummy.hops", "1",
            "heartbeat.rate", "2",
            "heartbeat.hops", "1",
            "heartbeat.window", "20s",
            "heartbeat.return-grace", "10s");

    public DemoSettings {
        Objects.requireNonNull(strategy, "strategy");
        if (clients < 1 || clients > 100) {
            throw new IllegalArgumentException("--clients must be 1..100, found " + clients);
        }
        if (requestsPerClient < 1 || requestsPerClient > 10_000) {
            throw new IllegalArgumentException("--requests must be 1..10000 per client, found " + requestsPerClient);
        }
        if (meanRequestInterval.isNegative() || meanRequestInterval.isZero()) {
            throw new IllegalArgumentException(
                    "the mean request interval must be positive, found " + meanRequestInterval);
        }
        if (coverPacketsPerSecondPerClient < 0 || Double.isNaN(coverPacketsPerSecondPerClient)) {
            throw new IllegalArgumentException(
                    "--cover-rate must be >= 0 packets/s, found " + coverPacketsPerSecondPerClient);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException(
                    "the replication factor must be >= 1 or -1 (the cluster's default), found " + replicationFactor);
        }
        if (metricsPort < -1 || metricsPort > 65535 - 2) {
            throw new IllegalArgumentException(
                    "--metrics-port must be 0 (free ports) or 1..65533 (the mixers take it and the next two), found "
                            + metricsPort);
        }
        if (epochGrace.compareTo(epochLength) >= 0) {
            throw new IllegalArgumentException("--epoch-grace (" + DurationSetting.format(epochGrace)
                    + ") must be shorter than --epoch-length (" + DurationSetting.format(epochLength) + ")");
        }
    }

    /** The defaults of {@code mixnet demo}: 8 clients x 10 requests, about a minute on 2 cores. */
    public static DemoSettings defaults(DemoStrategy strategy) {
        return new DemoSettings(
                strategy,
                8,
                10,
                Duration.ofMillis(500),
                2.0,
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                Duration.ofSeconds(60),
                (short) -1,
                false,
                -1);
    }

    /** A copy with the mixers' defences (dummies, heartbeat loops) on or off. */
    public DemoSettings withDefences(boolean on) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                on,
                metricsPort);
    }

    /**
     * A copy whose mixers serve Prometheus metrics: {@code port} 0 gives each a free port, else the mixers
     * take {@code port}, {@code port + 1} and {@code port + 2} in the order mix-1, mix-2, resp-1; -1: none.
     */
    public DemoSettings withMetricsPort(int port) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                defences,
                port);
    }

    public int totalRequests() {
        return clients * requestsPerClient;
    }

    public DemoSettings withTraffic(int clients, int requestsPerClient) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                defences,
                metricsPort);
    }

    public DemoSettings withEpochs(Duration length, Duration grace) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                length,
                grace,
                requestTimeout,
                replicationFactor,
                defences,
                metricsPort);
    }

    public DemoSettings withCover(double packetsPerSecondPerClient) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                packetsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                defences,
                metricsPort);
    }

    public DemoSettings withMeanRequestInterval(Duration interval) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                interval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                defences,
                metricsPort);
    }

    /**
     * A copy whose mixers create every topic (packet topics, dead-letter, directory, Kafka Streams changelogs)
     * with {@code replicationFactor} replicas; -1 takes the cluster's {@code default.replication.factor}.
     */
    public DemoSettings withReplicationFactor(short replicationFactor) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                requestTimeout,
                replicationFactor,
                defences,
                metricsPort);
    }

    /** A copy in which a request fails after {@code timeout} without its reply. */
    public DemoSettings withRequestTimeout(Duration timeout) {
        return new DemoSettings(
                strategy,
                clients,
                requestsPerClient,
                meanRequestInterval,
                coverPacketsPerSecondPerClient,
                epochLength,
                epochGrace,
                timeout,
                replicationFactor,
                defences,
                metricsPort);
    }
}
