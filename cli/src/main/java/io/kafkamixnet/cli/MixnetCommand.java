package io.kafkamixnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mixnet} command line. Each subcommand is its own class. */
@Command(
        name = "mixnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Kafka Mixnet: anonymous messaging through mix networks built on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            BenchCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            KeygenCommand.class,
            MixerCommand.class,
            ServiceCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MixnetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new MixnetCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A clear one-line error for the user; the stack trace only with --verbose-errors semantics via env.
            commandLine.getErr().println("mixnet " + commandLine.getCommandName() + ": " + ex.getMessage());
            if (System.getenv("MIXNET_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
