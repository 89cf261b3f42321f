package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackStrategy;
import io.kafkamixnet.attack.MixerDefences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What both {@code mixnet attack} phases share: the cluster, the strategies, the JSON file. A picocli mixin. */
final class AttackOptions {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
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

    @Option(
            names = "--defences",
            split = ",",
            converter = DefencesConverter.class,
            paramLabel = "PRESET",
            description = "Mixer defences to attack, comma-separated, one row each: none, heartbeat (loops"
                    + " 10/s with hold and loops-per-batch 1), dummies (flushes topped up to 8); a defence"
                    + " also starts a peer mixer and a directory for the routes (docs/defences.md;"
                    + " default: none). For timing, --defences switches to the relay-output measurement (a"
                    + " two-hop route, one honest sender; presets none and dummies).")
    List<MixerDefences> defences;

    /** The defence presets given (duplicates removed), or none. */
    List<MixerDefences> defencePresets() {
        if (defences == null || defences.isEmpty()) {
            return List.of(MixerDefences.NONE);
        }
        return defences.stream().distinct().toList();
    }

    /** Parses a preset name; a bad one is a usage error naming the accepted values. */
    static final class DefencesConverter implements ITypeConverter<MixerDefences> {
        @Override
        public MixerDefences convert(String value) {
            try {
                return MixerDefences.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

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
