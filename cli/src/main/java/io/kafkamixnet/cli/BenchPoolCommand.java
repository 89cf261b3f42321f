package io.kafkamixnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkamixnet.cli.bench.PoolBench;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mixnet bench pool}: a large pool's round cost in changelog bytes, its memory and its restore time. */
@Command(
        name = "pool",
        mixinStandardHelpOptions = true,
        description = {
            "Fill a pool mixer with --held packets, run rounds that release --turnover more, and report changelog"
                    + " bytes per released packet, heap after GC and RSS, and how long a new instance takes to"
                    + " restore the pool from the changelog. Needs about 2.2 KiB of broker disk per packet, twice."
        })
final class BenchPoolCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Option(
            names = "--held",
            split = ",",
            defaultValue = "10000,100000",
            paramLabel = "N",
            description = "Pool sizes to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> held;

    @Option(
            names = "--turnover",
            defaultValue = "20000",
            paramLabel = "N",
            description = "Packets sent through each full pool while rounds run (default: ${DEFAULT-VALUE}).")
    int turnover;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PoolBench.Settings settings;
        try {
            settings = new PoolBench.Settings(held, turnover);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        BenchRun.run(
                spec,
                bench,
                (cluster, workDir, narration, progress) ->
                        new PoolBench(cluster.settings(), settings, workDir, narration, progress).run(),
                results -> new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(Map.of("benchmark", "pool", "results", results)),
                PoolBench::printTable);
        return 0;
    }
}
