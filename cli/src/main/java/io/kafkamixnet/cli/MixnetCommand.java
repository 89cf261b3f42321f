package io.kafkamixnet.cli;

import java.io.PrintWriter;
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
            AttackCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            KeygenCommand.class,
            MixerCommand.class,
            ServiceCommand.class,
            SendCommand.class,
            AclsCommand.class,
            AuditCommand.class,
            DeployCommand.class,
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
            // A clear one-line error for the user; the stack trace only with MIXNET_DEBUG set.
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + ErrorText.of(ex));
            AuthorizationHint.of(ex).ifPresent(commandLine.getErr()::println);
            if (System.getenv("MIXNET_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        cl.setParameterExceptionHandler(MixnetCommand::usageError);
        return cl;
    }

    /**
     * A usage error (unknown option, bad value, missing parameter): the error and where to read more,
     * not the whole help screen, which buries the one line that says what was wrong. Exit code 2.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        err.println(command + ": " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + command + " --help' for the options.");
        }
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
