package io.kafkamixnet.cli;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reaches an existing Kafka cluster; a picocli mixin shared by every such command. */
final class ClusterOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (wins over bootstrap.servers in --client-config).")
    String bootstrapServers;

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description = "Kafka client properties file (SASL, SSL, timeouts), as for kafka-console-producer.")
    Path clientConfig;

    /** True when the user named a cluster; commands that can start an embedded broker do so otherwise. */
    boolean isGiven() {
        return (bootstrapServers != null && !bootstrapServers.isBlank()) || clientConfig != null;
    }

    ClientSettings settings() {
        return ClientSettings.load(bootstrapServers, clientConfig);
    }
}
