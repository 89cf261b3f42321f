package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackReport;
import io.kafkamixnet.attack.AttackResult;
import io.kafkamixnet.attack.AttackStrategy;
import io.kafkamixnet.attack.MixerDefences;
import io.kafkamixnet.attack.MixerUnderAttack;
import io.kafkamixnet.cli.bench.ProgressLine;
import io.kafkamixnet.cli.bench.ScratchDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frame both {@code mixnet attack} phases run in: the cluster (embedded unless given), a mixer per
 * strategy in a temporary work directory, a progress line, then the table and the JSON file.
 */
final class AttackRun {

    /** One strategy's attack on its freshly started mixer. */
    interface PerStrategy {
        List<AttackResult> attack(
                BenchCluster cluster, MixerUnderAttack mixer, Optional<Path> logDir, ProgressLine progress)
                throws IOException, InterruptedException;
    }

    private AttackRun() {}

    static int run(AttackOptions options, List<AttackStrategy> strategies, PrintWriter out, PerStrategy attack)
            throws IOException, InterruptedException {
        return run(options, strategies, out, false, attack);
    }

    /**
     * @param relayPeer start the peer mixer (and the directory) for every preset, {@code none} included: the
     *     attack builds two-hop routes ({@link MixerUnderAttack#relayTopic()})
     */
    static int run(
            AttackOptions options,
            List<AttackStrategy> strategies,
            PrintWriter out,
            boolean relayPeer,
            PerStrategy attack)
            throws IOException, InterruptedException {
        Instant started = Instant.now();
        ScratchDirectory scratch = ScratchDirectory.create("mixnet-attack-");
        Path workDir = scratch.path();
        List<AttackResult> results = new ArrayList<>();
        String clusterName;
        try (BenchCluster cluster = BenchCluster.open(options.cluster, out)) {
            clusterName = cluster.name();
            Optional<Path> logDir = Optional.ofNullable(options.logDir).or(cluster::logDir);
            ProgressLine progress = new ProgressLine(out, System.console() != null);
            for (AttackStrategy strategy : strategies) {
                for (MixerDefences defences : options.defencePresets()) {
                    out.println("Starting a " + strategy.label() + " mixer " + strategy.mixerProperties()
                            + (defences == MixerDefences.NONE
                                    ? (relayPeer ? " and a peer mixer" : "")
                                    : " with " + defences.label() + " " + defences.mixerProperties()
                                            + " and a peer mixer"));
                    out.flush();
                    try (MixerUnderAttack mixer = MixerUnderAttack.start(
                            cluster.settings(),
                            strategy,
                            workDir,
                            Duration.ofSeconds(60),
                            defences,
                            Map.of(),
                            relayPeer)) {
                        results.addAll(attack.attack(cluster, mixer, logDir, progress));
                    }
                    progress.finish();
                }
            }
        } finally {
            scratch.close();
        }
        AttackReport report = new AttackReport(clusterName, started, results);
        out.println();
        report.printTable(out);
        if (options.json != null) {
            report.writeJson(options.json);
            out.println("Wrote " + options.json);
        }
        out.flush();
        return 0;
    }
}
