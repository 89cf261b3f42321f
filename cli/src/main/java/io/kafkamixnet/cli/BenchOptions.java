package io.kafkamixnet.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every phase of {@code mixnet bench} shares: the cluster (an embedded broker when none is
 * given) and the output form. A picocli mixin.
 */
final class BenchOptions {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--json",
            description = "Print the results as one JSON document on standard output; the narration goes to"
                    + " standard error.")
    boolean json;
}
