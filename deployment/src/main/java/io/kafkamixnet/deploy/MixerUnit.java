package io.kafkamixnet.deploy;

import io.kafkamixnet.topology.MixerConfig;
import java.util.Objects;

/**
 * One mixer as a deployment runs it.
 *
 * @param config the mixer's settings, as read from its file in the network description
 * @param configFile the file's path relative to the network description's directory (the deployment
 *     copies the description with its mixer files, keeping these relative paths)
 * @param principal the Kafka user it connects as
 * @param metricsPort the TCP port of its {@code /metrics} endpoint in the container
 */
public record MixerUnit(MixerConfig config, String configFile, String principal, int metricsPort) {

    public MixerUnit {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(principal, "principal");
        if (metricsPort < 1 || metricsPort > 65535) {
            throw new IllegalArgumentException(
                    "mixer " + config.mixerId() + ": metrics port must be 1..65535, found " + metricsPort);
        }
    }

    public String id() {
        return config.mixerId();
    }
}
