package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackStrategy;
import io.kafkamixnet.attack.NMinusOneAttack;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mixnet attack n-1}: the flooding/trickle attack of Serjantov, Dingledine & Syverson (2002). */
@Command(
        name = "n-1",
        mixinStandardHelpOptions = true,
        description = {
            "The n-1 (flooding/trickle) attack on one live mixer per strategy. Honest senders send through the"
                    + " attacker's gate; per trial the attacker holds them back, flushes the mixer with its own"
                    + " packets (or waits), lets exactly one honest packet through and floods until the one"
                    + " output that is not its own appears: that links the target. Reports the success rate and"
                    + " the rounds, packets and seconds it took.",
        })
final class AttackNMinusOneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttackOptions options;

    @Option(
            names = "--strategy",
            split = ",",
            converter = AttackStrategyConverter.class,
            paramLabel = "STRATEGY",
            description = "Strategies to attack, comma-separated: threshold, timed, pool, continuous"
                    + " (default: threshold).")
    List<AttackStrategy> strategies;

    @Option(
            names = "--trials",
            defaultValue = "100",
            paramLabel = "N",
            description = "Targets to attack per strategy (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(
            names = "--honest-senders",
            defaultValue = "4",
            paramLabel = "N",
            description = "Honest senders (default: ${DEFAULT-VALUE}).")
    int honestSenders;

    @Option(
            names = "--honest-rate",
            defaultValue = "2",
            paramLabel = "PER_SECOND",
            description = "Packets per second each honest sender sends, Poisson (default: ${DEFAULT-VALUE}).")
    double honestRate;

    @Option(
            names = "--flood",
            paramLabel = "N",
            description = "The attacker's own packets per round (default: the rest of a threshold batch, 4 for"
                    + " timed and pool, 0 for continuous).")
    Integer flood;

    @Option(
            names = "--trial-timeout",
            defaultValue = "30s",
            converter = DurationConverter.Positive.class,
            paramLabel = "DURATION",
            description = "A trial that has not linked its target by then fails (default: ${DEFAULT-VALUE}).")
    Duration trialTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<AttackStrategy> chosen = AttackOptions.distinct(strategies, List.of(AttackStrategy.THRESHOLD));
        for (AttackStrategy s : chosen) {
            settingsFor(s); // every usage error before the broker starts
        }
        PrintWriter out = spec.commandLine().getOut();
        return AttackRun.run(options, chosen, out, (cluster, mixer, logDir, progress) -> {
            NMinusOneAttack.Settings settings = settingsFor(mixer.strategy());
            return List.of(new NMinusOneAttack(cluster.settings(), mixer, settings)
                    .run((done, total, ok) -> progress.show(String.format(
                            Locale.ROOT,
                            "n-1 on %s: trial %d/%d, linked %d (%.0f%%)",
                            mixer.strategy().label(),
                            done,
                            total,
                            ok,
                            100.0 * ok / done))));
        });
    }

    private NMinusOneAttack.Settings settingsFor(AttackStrategy strategy) {
        try {
            return new NMinusOneAttack.Settings(
                    trials, honestSenders, honestRate, flood != null ? flood : strategy.defaultFlood(), trialTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
