package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What both {@code mixnet attack} phases share: the cluster, the strategies, the JSON file. A picocli mixin. */
final class AttackOptions {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the results as JSON to FILE (one row per attack, strategy and defence"
                    + " setting, so runs with and without a defence compare row by row).")
    Path json;

    @Option(
            names = "--log-dir",
            paramLabel = "DIR",
            description = "The broker's log.dirs directory, to derive who produced each ingress record from the"
                    + " producer ids in its log segments (default: the embedded broker's; for a given cluster"
                    + " the clients' own record of their sends is used without it).")
    Path logDir;

    /** The strategies given (duplicates removed, in the given order), or {@code defaults}. */
    static List<AttackStrategy> distinct(List<AttackStrategy> given, List<AttackStrategy> defaults) {
        if (given == null || given.isEmpty()) {
            return defaults;
        }
        List<AttackStrategy> out = new ArrayList<>();
        for (AttackStrategy s : given) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
