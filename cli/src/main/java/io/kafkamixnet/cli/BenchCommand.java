package io.kafkamixnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mixnet bench}: the end-to-end benchmarks users run, one subcommand per phase. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure a real mixer on the embedded broker (or on --bootstrap-servers / --client-config): one"
                    + " subcommand per phase, each with a summary table or --json.",
        },
        subcommands = {
            BenchFlowCommand.All.class,
            BenchFlowCommand.Throughput.class,
            BenchFlowCommand.Latency.class,
            BenchPoolCommand.class,
            BenchRejectionsCommand.class,
            CommandLine.HelpCommand.class
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
