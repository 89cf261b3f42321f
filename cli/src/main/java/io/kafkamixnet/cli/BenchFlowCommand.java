package io.kafkamixnet.cli;

import io.kafkamixnet.cli.bench.BenchStrategy;
import io.kafkamixnet.cli.bench.FlowBench;
import io.kafkamixnet.cli.bench.FlowReport;
import io.kafkamixnet.cli.demo.DemoStrategy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mixnet bench throughput}, {@code latency} and {@code all}: the mixer per strategy against a
 * plain Kafka Streams exactly_once_v2 pass-through ({@link FlowBench}). The subcommands differ only in
 * the phases they run.
 */
abstract class BenchFlowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions bench;

    @Option(
            names = "--strategy",
            split = ",",
            converter = StrategyConverter.class,
            paramLabel = "STRATEGY",
            description = "Mixers to measure, comma-separated: timed, threshold, pool, continuous (default: all,"
                    + " in that order). Parameters: timed 100ms, threshold 100, pool 100ms/min 100/60%%,"
                    + " continuous with hop delay 0.")
    List<DemoStrategy> strategies;

    @Option(
            names = "--packets",
            defaultValue = "20000",
            paramLabel = "N",
            description = "Throughput phase: packets preloaded per application (default: ${DEFAULT-VALUE}).")
    int packets;

    @Option(
            names = "--rate",
            defaultValue = "200",
            paramLabel = "PER_SECOND",
            description = "Latency phase: packets sent per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Latency phase: seconds per application (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--partitions",
            defaultValue = "1",
            description = "Ingress partitions (stream tasks) of every application (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Kafka Streams threads per instance (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--instances",
            defaultValue = "1",
            description = "Instances of every application, in this process (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(
            names = "--warm-up",
            defaultValue = "2000",
            paramLabel = "N",
            description = "Throughput phase: packets sent through the first mixer untimed first, so the JIT has"
                    + " compiled the path (default: ${DEFAULT-VALUE}; 0: none).")
    int warmUp;

    /** Whether this subcommand runs the throughput phase. */
    abstract boolean throughputPhase();

    /** Whether this subcommand runs the latency phase. */
    abstract boolean latencyPhase();

    @Override
    public Integer call() throws IOException, InterruptedException {
        FlowBench.Settings settings;
        try {
            List<DemoStrategy> chosen = strategies == null || strategies.isEmpty()
                    ? List.of(DemoStrategy.values())
                    : strategies.stream().distinct().toList();
            List<BenchStrategy> s = new ArrayList<>();
            chosen.forEach(d -> s.add(BenchStrategy.of(d)));
            settings = new FlowBench.Settings(
                    s,
                    throughputPhase() ? packets : 0,
                    rate,
                    latencyPhase() ? seconds : 0,
                    partitions,
                    threads,
                    instances,
                    (short) -1,
                    throughputPhase() ? warmUp : 0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        BenchRun.run(
                spec,
                bench,
                (cluster, workDir, narration, progress) ->
                        new FlowBench(cluster.settings(), cluster.name(), settings, workDir, narration, progress).run(),
                FlowReport::toJson,
                FlowReport::printTable);
        return 0;
    }

    @Command(
            name = "throughput",
            mixinStandardHelpOptions = true,
            description = {
                "Packets per second of a mixer per strategy against a plain Kafka Streams exactly_once_v2"
                        + " pass-through, on the same cluster in the same run.",
                "Builds --packets real packets (in parallel, not timed), loads them into each application's"
                        + " fresh ingress topic, starts it and times from RUNNING to the last packet committed"
                        + " on its output. Reports packets/s, the ratio to the pass-through, process CPU and"
                        + " broker bytes (output, changelogs) per packet."
            })
    static final class Throughput extends BenchFlowCommand {
        @Override
        boolean throughputPhase() {
            return true;
        }

        @Override
        boolean latencyPhase() {
            return false;
        }
    }

    @Command(
            name = "latency",
            mixinStandardHelpOptions = true,
            description = {
                "End-to-end latency of a mixer per strategy against a plain Kafka Streams exactly_once_v2"
                        + " pass-through, at a steady --rate for --seconds each.",
                "Reports p50/p99/max send-to-committed-receive time and what the mixer adds to the"
                        + " pass-through's (its strategy's own delay included)."
            })
    static final class Latency extends BenchFlowCommand {
        @Override
        boolean throughputPhase() {
            return false;
        }

        @Override
        boolean latencyPhase() {
            return true;
        }
    }

    @Command(
            name = "all",
            mixinStandardHelpOptions = true,
            description = {"The throughput phase, then the latency phase, in one run and one table."})
    static final class All extends BenchFlowCommand {
        @Override
        boolean throughputPhase() {
            return true;
        }

        @Override
        boolean latencyPhase() {
            return true;
        }
    }
}
