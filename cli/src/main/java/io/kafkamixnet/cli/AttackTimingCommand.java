package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackReport;
import io.kafkamixnet.attack.AttackStrategy;
import io.kafkamixnet.attack.TimingAttack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mixnet attack timing}: a global passive adversary's time correlation of entry and exit. */
@Command(
        name = "timing",
        mixinStandardHelpOptions = true,
        description = {
            "Timing correlation on one live mixer per strategy and cover-traffic rate. Clients send real"
                    + " messages (and drop cover); the adversary sees every ingress record with its producer (from"
                    + " the broker's log segments) and every exit record, learns the mixer's delays from a few"
                    + " probes of its own and names the most likely sender of each exit message. Reports the"
                    + " success rate against the base rate 1/(number of senders).",
        })
final class AttackTimingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AttackOptions options;

    @Option(
            names = "--strategy",
            split = ",",
            converter = AttackStrategyConverter.class,
            paramLabel = "STRATEGY",
            description = "Strategies to attack, comma-separated: threshold, timed, pool, continuous (default:"
                    + " all four).")
    List<AttackStrategy> strategies;

    @Option(
            names = "--cover-rate",
            split = ",",
            paramLabel = "PER_SECOND",
            description =
                    "Drop cover packets per second per client, comma-separated; one run each (default:" + " 0,4).")
    List<Double> coverRates;

    @Option(
            names = "--clients",
            defaultValue = "8",
            paramLabel = "N",
            description = "Clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--message-rate",
            defaultValue = "1",
            paramLabel = "PER_SECOND",
            description = "Real messages per second per client, Poisson (default: ${DEFAULT-VALUE}).")
    double messageRate;

    @Option(
            names = "--probe-rate",
            defaultValue = "3",
            paramLabel = "PER_SECOND",
            description =
                    "The adversary's probe messages per second, to learn the delays (default:" + " ${DEFAULT-VALUE}).")
    double probeRate;

    @Option(
            names = "--duration",
            defaultValue = "15s",
            converter = DurationConverter.Positive.class,
            paramLabel = "DURATION",
            description = "How long each run sends (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<AttackStrategy> chosen = AttackOptions.distinct(strategies, List.of(AttackStrategy.values()));
        settings(Optional.empty()); // every usage error before the broker starts
        PrintWriter out = spec.commandLine().getOut();
        return AttackRun.run(options, chosen, out, (cluster, mixer, logDir, progress) -> {
            if (logDir.isEmpty()) {
                out.println("No broker log directory (--log-dir): senders come from the clients' own record of"
                        + " their sends, not from producer ids");
            }
            return new TimingAttack(cluster.settings(), mixer, settings(logDir))
                    .run((cover, elapsed, total, seen) -> progress.show(String.format(
                            Locale.ROOT,
                            "timing on %s, cover %s/s: %d/%d s, %d exit records",
                            mixer.strategy().label(),
                            AttackReport.formatRate(cover),
                            elapsed,
                            total,
                            seen)));
        });
    }

    private TimingAttack.Settings settings(Optional<Path> logDir) {
        try {
            return new TimingAttack.Settings(
                    clients,
                    messageRate,
                    coverRates == null || coverRates.isEmpty() ? List.of(0.0, 4.0) : coverRates,
                    duration,
                    probeRate,
                    logDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
