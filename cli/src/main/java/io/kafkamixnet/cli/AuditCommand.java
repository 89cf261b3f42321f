package io.kafkamixnet.cli;

import io.kafkamixnet.audit.ActivityPeriod;
import io.kafkamixnet.audit.AuditReport;
import io.kafkamixnet.audit.Auditor;
import io.kafkamixnet.audit.ConsumerView;
import io.kafkamixnet.audit.HtmlReport;
import io.kafkamixnet.audit.JsonReport;
import io.kafkamixnet.audit.LogDirReader;
import io.kafkamixnet.audit.TextReport;
import io.kafkamixnet.audit.TopicLogs;
import io.kafkamixnet.audit.VolumeSettings;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Measures the anonymity a running (or stopped) network gives, from its broker's log directory. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the anonymity a mix network gives, as the broker operator sees it.",
            "Reads the broker's log segments (--log-dir): every record's producer id, time, partition and"
                    + " transaction, and the mixers' changelogs and committed offsets. Prints per exit record the"
                    + " entropy over senders (min/median/mean, effective anonymity set 2^H, degree of anonymity,"
                    + " share linked with certainty), per mixer and per strategy, and a metadata review."
                    + " With --bootstrap-servers it also reads every topic of the network read_uncommitted and"
                    + " read_committed and compares. See docs/anonymity.md."
        })
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--log-dir",
            required = true,
            paramLabel = "DIR",
            description = "The broker's log.dirs directory (one sub-directory per topic partition).")
    Path logDir;

    @Option(
            names = "--directory-topic",
            paramLabel = "TOPIC",
            description = "Directory topic naming the mixers and their strategies (default: any topic whose records"
                    + " are signed descriptors).")
    String directoryTopic;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = "Only exit records at or after this ISO-8601 instant, e.g. 2026-11-30T05:00:00Z.")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = "Only exit records before this ISO-8601 instant.")
    Instant to;

    @Option(
            names = "--volume-window",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.VolumeWindow.class,
            description = "Width of the windows each first-hop producer's records are counted in for the volume"
                    + " test, e.g. 10s, 500ms, PT1M (default ${DEFAULT-VALUE}; at least 100ms).")
    Duration volumeWindow;

    @Option(
            names = "--activity",
            paramLabel = "FROM/TO",
            split = ",",
            converter = ActivityConverter.class,
            description = "Periods in which real requests were sent (ISO-8601 instants, e.g."
                    + " 2026-11-30T05:00:00Z/2026-11-30T05:00:30Z; repeat or separate with commas): each"
                    + " producer's rate inside is tested against its rate outside.")
    List<ActivityPeriod> activity = new ArrayList<>();

    @Option(
            names = "--volume-alpha",
            paramLabel = "P",
            defaultValue = "0.01",
            description = "False-alarm rate of the volume tests for the whole audit (Bonferroni over all of them;"
                    + " default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--json", description = "Print the report as JSON instead of the table.")
    boolean json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Also write an HTML report with plots to FILE.")
    Path html;

    @Override
    public Integer call() throws Exception {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(
                    spec.commandLine(), "--from must be before --to, found " + from + " and " + to);
        }
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw new ParameterException(spec.commandLine(), "--volume-alpha must be in (0, 0.5], found " + alpha);
        }
        if (!Files.isDirectory(logDir)) {
            throw new ParameterException(
                    spec.commandLine(), "--log-dir must be the broker's log directory, found no directory " + logDir);
        }
        long t0 = System.nanoTime();
        TopicLogs logs = LogDirReader.read(logDir);
        long t1 = System.nanoTime();
        AuditReport report = Auditor.audit(
                logs, logDir.toString(), directoryTopic, from, to, new VolumeSettings(volumeWindow, activity, alpha));
        long t2 = System.nanoTime();
        List<io.kafkamixnet.audit.Finding> findings = new ArrayList<>(report.findings());
        if (cluster.isGiven()) {
            // Every topic of the network as a consumer with topic access reads it, both isolation levels.
            List<String> topics =
                    logs.topics().stream().filter(t -> !t.startsWith("__")).toList();
            findings.addAll(ConsumerView.compare(cluster.settings().asClientConfig(), logs, topics));
        }
        report = report.with((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, findings);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonReport.write(report, out);
            out.println();
            out.flush();
        } else {
            TextReport.print(report, out);
        }
        if (html != null) {
            try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                HtmlReport.write(report, w);
            }
            if (!json) {
                out.println("HTML report: " + html.toAbsolutePath());
                out.flush();
            }
        }
        return 0;
    }

    /** {@code FROM/TO}, two ISO-8601 instants. */
    static final class ActivityConverter implements picocli.CommandLine.ITypeConverter<ActivityPeriod> {
        @Override
        public ActivityPeriod convert(String value) {
            try {
                return ActivityPeriod.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** An ISO-8601 instant; a mistake is a usage error that shows the expected form. */
    static final class InstantConverter implements picocli.CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected an ISO-8601 instant such as 2026-11-30T05:00:00Z, found '" + value + "'");
            }
        }
    }
}
