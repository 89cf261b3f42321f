package io.kafkamixnet.network;

import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.topology.MixerConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One mixer of a network: its configuration exactly as the mixer reads it (topic names, {@code
 * application.id} and with it the consumer group, transactional ids and internal topic prefix), the
 * principal it authenticates as, and the file the configuration came from (empty when built in code).
 */
public record NetworkMixer(MixerConfig config, String principal, Optional<Path> configFile) {

    public NetworkMixer {
        Objects.requireNonNull(config, "config");
        Principals.requireValid("principal of mixer " + config.mixerId(), principal);
        Objects.requireNonNull(configFile, "configFile");
    }

    public String id() {
        return config.mixerId();
    }

    public MixerRole role() {
        return config.role();
    }

    /** {@code <application.id>-}: what every internal topic and transactional id of this mixer starts with. */
    public String internalPrefix() {
        return config.applicationId() + "-";
    }

    /** Whether this mixer writes transactionally (exactly-once), and so needs its transactional ids. */
    public boolean transactional() {
        return config.processingGuarantee().startsWith("exactly_once");
    }
}
