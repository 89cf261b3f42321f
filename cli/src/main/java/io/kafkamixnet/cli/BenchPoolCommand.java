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
            "Fill a pool mixer, running in its own JVM (-Xmx --mixer-heap), with --held packets, run rounds that"
                    + " release --turnover more, and report changelog bytes per released packet, the mixer's heap"
                    + " after GC and RSS while it fills and while rounds run, and how long a new mixer process takes"
                    + " to restore the pool from the changelog after the first is killed (SIGKILL). Needs about"
                    + " 2.2 KiB of broker disk per packet, twice, and a JDK (the heap is read through the attach API)."
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

    @Option(
            names = "--mixer-heap",
            defaultValue = "256m",
            paramLabel = "SIZE",
            description = "Maximum heap of the mixer process, as for java -Xmx (default: ${DEFAULT-VALUE}).")
    String mixerHeap;

    @Option(
            names = "--rocksdb-memory-mib",
            defaultValue = "0",
            paramLabel = "MIB",
            description =
                    "The mixer's state.rocksdb.memory-mib: a bound on all its RocksDB memory; 0 for Kafka Streams'"
                            + " per-store defaults, as a mixer has unless set (default: ${DEFAULT-VALUE}).")
    int rocksDbMemoryMib;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PoolBench.Settings settings;
        try {
            settings = new PoolBench.Settings(held, turnover, mixerHeap, rocksDbMemoryMib);
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
