package io.kafkamixnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mixnet attack}: active attacks on a live network of the runner's own, one subcommand per attack. */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        description = {
            "Attack a live mixer of your own (on the embedded broker, or on --bootstrap-servers /"
                    + " --client-config) and measure how often the attacker links a message to its sender:"
                    + " the n-1 (flooding/trickle) attack and timing correlation. Results print as a table and,"
                    + " with --json FILE, as JSON. Only topics the run creates are read or written.",
        },
        subcommands = {AttackNMinusOneCommand.class, AttackTimingCommand.class, CommandLine.HelpCommand.class})
final class AttackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
