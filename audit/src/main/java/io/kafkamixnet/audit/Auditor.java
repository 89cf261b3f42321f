package io.kafkamixnet.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Audits a mix network from its broker's log directory: reads every segment ({@link LogDirReader}),
 * finds the mixers ({@link NetworkLayout}), links and measures ({@link AnonymityAnalysis}), reviews the
 * metadata, and keeps what falls in the window.
 */
public final class Auditor {

    private Auditor() {}

    /**
     * Audits the logs under {@code logDir}.
     *
     * @param directoryTopic the directory topic naming the mixers, or null to find it
     * @param from only outputs at or after this (null: from the beginning); earlier records still build
     *     the state the window starts with
     * @param to only outputs before this (null: to the end)
     * @throws IllegalArgumentException when the directory holds no Kafka logs or no mixer
     */
    public static AuditReport audit(Path logDir, String directoryTopic, Instant from, Instant to) {
        long t0 = System.nanoTime();
        TopicLogs logs = LogDirReader.read(logDir);
        long t1 = System.nanoTime();
        AuditReport report = audit(logs, logDir.toString(), directoryTopic, from, to);
        long t2 = System.nanoTime();
        return report.with((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, report.findings());
    }

    /** Audits logs already read, with the default volume test ({@link VolumeSettings#defaults()}). */
    public static AuditReport audit(TopicLogs logs, String source, String directoryTopic, Instant from, Instant to) {
        return audit(logs, source, directoryTopic, from, to, VolumeSettings.defaults());
    }

    /**
     * Audits logs already read.
     *
     * @param volume how the per-producer volume over time is counted and tested
     */
    public static AuditReport audit(
            TopicLogs logs, String source, String directoryTopic, Instant from, Instant to, VolumeSettings volume) {
        NetworkLayout layout = NetworkLayout.discover(logs, directoryTopic);
        AnonymityAnalysis.Result result = AnonymityAnalysis.run(logs, layout);
        long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long hi = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        int population = result.firstHopVolumes().size();

        List<Distribution> exitSenders = new ArrayList<>();
        Map<String, List<Distribution>> byStrategy = new TreeMap<>();
        List<AuditReport.ExitPoint> exits = new ArrayList<>();
        for (OutputLink o : result.outputs()) {
            long at = o.record().timestamp();
            // End to end is the forward path: who sent the request an exit record carries. A reply's first
            // hop is the service; which client it reaches (recipient anonymity) is not measured here.
            if (o.kind() != OutputKind.EXIT || o.mixer().isResponse() || at < lo || at >= hi) {
                continue;
            }
            exitSenders.add(o.senders());
            byStrategy
                    .computeIfAbsent(o.mixer().strategyName(), s -> new ArrayList<>())
                    .add(o.senders());
            exits.add(new AuditReport.ExitPoint(
                    at,
                    o.mixer().mixerId(),
                    o.mixer().strategyName(),
                    o.senders().entropy(),
                    o.senders().effectiveSetSize()));
        }
        exits.sort(java.util.Comparator.comparingLong(AuditReport.ExitPoint::atMillis));
        Map<String, EntropyStats> perStrategy = new LinkedHashMap<>();
        byStrategy.forEach((s, d) -> perStrategy.put(s, EntropyStats.of(d, population)));

        List<ReleaseView> releases = result.releases().stream()
                .filter(r -> r.atMillis() >= lo && r.atMillis() < hi)
                .toList();
        List<MixerSummary> mixers = new ArrayList<>();
        for (ObservedMixer m : layout.mixers()) {
            List<Distribution> hop = new ArrayList<>();
            List<Distribution> senders = new ArrayList<>();
            for (OutputLink o : result.outputs()) {
                long at = o.record().timestamp();
                if (o.mixer() == m && at >= lo && at < hi) {
                    hop.add(o.inputs());
                    senders.add(o.senders());
                }
            }
            long[] sizes = releases.stream()
                    .filter(r -> r.mixer() == m)
                    .mapToLong(ReleaseView::released)
                    .sorted()
                    .toArray();
            int single = (int) releases.stream()
                    .filter(r -> r.mixer() == m && r.released() == 1 && r.kept() == 0)
                    .count();
            mixers.add(new MixerSummary(
                    m.mixerId(),
                    m.strategy(),
                    m.role(),
                    m.ingressTopic(),
                    sizes.length,
                    sizes.length == 0 ? 0 : sizes[0],
                    median(sizes),
                    sizes.length == 0 ? 0 : sizes[sizes.length - 1],
                    single,
                    EntropyStats.of(hop, population),
                    EntropyStats.of(senders, population),
                    result.delays().get(m.mixerId()).meanMillis()));
        }
        VolumeReport volumes = VolumeAnalysis.run(logs, layout, volume, lo, hi);
        return new AuditReport(
                source,
                from,
                to,
                logs.recordCount(),
                0,
                0,
                mixers,
                EntropyStats.of(exitSenders, population),
                perStrategy,
                MetadataChecks.run(logs, layout, result, volumes),
                exits,
                releases,
                result.delays(),
                volumes);
    }

    private static double median(long[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
