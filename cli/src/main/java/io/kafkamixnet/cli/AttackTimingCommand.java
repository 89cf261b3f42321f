package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackReport;
import io.kafkamixnet.attack.AttackStrategy;
import io.kafkamixnet.attack.MixerDefences;
import io.kafkamixnet.attack.RelayTimingAttack;
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
            "",
            "With --defences: the mixer-defence measurement at the mixer's relay output, one row per preset"
                    + " (none, dummies). One honest sender sends one packet per trial, alone in its interval,"
                    + " along a two-hop route (the mixer, a peer mixer, the exit); the adversary sees when it"
                    + " entered and every record the mixer relays to the peer, calibrates delays and record"
                    + " positions with packets of its own, and names the record it believes is the target."
                    + " Reports the success rate against the base rate 1/(records in the target's release)."
                    + " Strategies: timed (default), continuous.",
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

    @Option(
            names = "--trials",
            defaultValue = "100",
            paramLabel = "N",
            description = "With --defences: target packets per preset, one per trial (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(
            names = "--calibration",
            defaultValue = "50",
            paramLabel = "N",
            description = "With --defences: the adversary's own calibration packets per preset, one per release"
                    + " (default: ${DEFAULT-VALUE}).")
    int calibration;

    @Option(
            names = "--trial-timeout",
            defaultValue = "10s",
            converter = DurationConverter.Positive.class,
            paramLabel = "DURATION",
            description =
                    "With --defences: a target not relayed by then fails its trial (default:" + " ${DEFAULT-VALUE}).")
    Duration trialTimeout;

    /** Options of the exit measurement (without --defences) and of the relay measurement (with it). */
    private static final List<String> EXIT_OPTIONS =
            List.of("--cover-rate", "--clients", "--message-rate", "--probe-rate", "--duration");

    private static final List<String> RELAY_OPTIONS = List.of("--trials", "--calibration", "--trial-timeout");

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (options.defences != null && !options.defences.isEmpty()) {
            return relay();
        }
        rejectGiven(RELAY_OPTIONS, "of the relay-output measurement: give --defences too");
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

    /** {@code --defences}: the relay-output measurement, one row per strategy and preset. */
    private int relay() throws IOException, InterruptedException {
        rejectGiven(
                EXIT_OPTIONS,
                "of the exit measurement (without --defences); with --defences the honest load is one sender,"
                        + " one packet per trial (--trials, --calibration)");
        List<AttackStrategy> chosen = AttackOptions.distinct(strategies, List.of(AttackStrategy.TIMED));
        for (AttackStrategy s : chosen) {
            if (!RelayTimingAttack.supports(s)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "with --defences the timing attack needs a mixer that releases a lone packet: timed or"
                                + " continuous; found " + s.label());
            }
        }
        if (options.defencePresets().contains(MixerDefences.HEARTBEAT)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "with the timing attack --defences takes none and dummies; found heartbeat (the n-1 attack"
                            + " measures heartbeat loops: mixnet attack n-1 --defences none,heartbeat)");
        }
        RelayTimingAttack.Settings settings = relaySettings();
        PrintWriter out = spec.commandLine().getOut();
        return AttackRun.run(
                options,
                chosen,
                out,
                true,
                (cluster, mixer, logDir, progress) -> List.of(new RelayTimingAttack(cluster.settings(), mixer, settings)
                        .run((phase, done, total) -> progress.show(String.format(
                                Locale.ROOT,
                                "timing on %s, %s: %s %d/%d",
                                mixer.strategy().label(),
                                mixer.defences().label(),
                                phase,
                                done,
                                total)))));
    }

    private void rejectGiven(List<String> names, String why) {
        List<String> given = names.stream()
                .filter(n -> spec.commandLine().getParseResult().hasMatchedOption(n))
                .toList();
        if (!given.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    String.join(", ", given) + (given.size() == 1 ? " is an option " : " are options ") + why);
        }
    }

    private RelayTimingAttack.Settings relaySettings() {
        try {
            return new RelayTimingAttack.Settings(trials, calibration, trialTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
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
