package io.kafkamixnet.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Immutable, validated settings of an {@link EmbeddedKafkaBroker}. */
public final class EmbeddedBrokerSettings {

    private final String host;
    private final int port;
    private final Path dataDir;
    private final boolean keepData;
    private final boolean allowNonLoopback;
    private final Duration startupTimeout;
    private final Map<String, String> overrides;

    private EmbeddedBrokerSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.keepData = b.keepData;
        this.allowNonLoopback = b.allowNonLoopback;
        this.startupTimeout = b.startupTimeout;
        this.overrides = Map.copyOf(b.overrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Address the listeners bind to; loopback ({@code 127.0.0.1}) by default. */
    public String host() {
        return host;
    }

    /** Client listener port; 0 picks a free ephemeral port. */
    public int port() {
        return port;
    }

    /** A data directory given by the caller; empty means a temporary one that is deleted on close. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Keep a temporary data directory after close (for inspection). */
    public boolean keepData() {
        return keepData;
    }

    public boolean allowNonLoopback() {
        return allowNonLoopback;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Extra broker properties, applied last. */
    public Map<String, String> overrides() {
        return overrides;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDir;
        private boolean keepData;
        private boolean allowNonLoopback;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (ephemeral) or 1..65535, found " + port);
            }
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        public Builder allowNonLoopback(boolean allow) {
            this.allowNonLoopback = allow;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, found " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        public Builder override(String key, String value) {
            overrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public EmbeddedBrokerSettings build() {
            return new EmbeddedBrokerSettings(this);
        }
    }
}
