package io.kafkamixnet.cli;

import io.kafkamixnet.cli.bench.HostileKind;
import io.kafkamixnet.cli.bench.RejectionBench;
import io.kafkamixnet.cli.bench.RejectionReport;
import io.kafkamixnet.cli.demo.DemoStrategy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mixnet bench rejections}: what a flood of hostile records costs one real mixer, per kind. */
@Command(
        name = "rejections",
        mixinStandardHelpOptions = true,
        description = {
            "Flood one real mixer with each kind of hostile record and measure how fast it dead-letters them.",
            "Starts a mixer in this process, then per kind builds the records (not timed), produces them to its"
                    + " ingress topic as fast as one producer can, and times until every one is dead-lettered"
                    + " and committed. Reports records/s, process CPU and dead-letter topic bytes per record,"
                    + " and checks that every record got its kind's reason. Exits 1 if any did not."
        })
final class BenchRejectionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Option(
            names = "--records",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Records per kind (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(
            names = "--kinds",
            split = ",",
            paramLabel = "KIND",
            description = "Kinds to send, comma-separated (default: all, in the mixer's check order): garbage,"
                    + " oversized, undersized, unknown-version, unknown-epoch, wrong-partition, bad-mac, replay.")
    List<String> kinds;

    @Option(
            names = "--strategy",
            converter = StrategyConverter.class,
            defaultValue = "timed",
            description = "The mixer's strategy: timed, threshold, pool or continuous (default: ${DEFAULT-VALUE}).")
    DemoStrategy strategy;

    @Option(
            names = "--partitions",
            defaultValue = "2",
            description = "Partitions of the mixer's ingress topic (default: ${DEFAULT-VALUE}; wrong-partition"
                    + " needs 2 or more).")
    int partitions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RejectionBench.Settings settings;
        try {
            settings = new RejectionBench.Settings(strategy, partitions, (short) -1, chosenKinds(), records);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        RejectionReport report = BenchRun.run(
                spec,
                bench,
                (cluster, workDir, narration, progress) -> new RejectionBench(
                                cluster.settings(), cluster.name(), settings, workDir, narration, progress)
                        .run(),
                RejectionReport::toJson,
                RejectionReport::printTable);
        return report.allAsExpected() ? 0 : 1;
    }

    private List<HostileKind> chosenKinds() {
        if (kinds == null || kinds.isEmpty()) {
            return List.of(HostileKind.values());
        }
        List<HostileKind> chosen = new ArrayList<>();
        for (String k : kinds) {
            HostileKind kind = HostileKind.parse(k);
            if (!chosen.contains(kind)) {
                chosen.add(kind);
            }
        }
        chosen.sort(Comparator.naturalOrder());
        return chosen;
    }
}
