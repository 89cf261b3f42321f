package io.kafkamixnet.cli;

import io.kafkamixnet.audit.AuditReport;
import io.kafkamixnet.audit.Auditor;
import io.kafkamixnet.audit.ConsumerView;
import io.kafkamixnet.audit.HtmlReport;
import io.kafkamixnet.audit.JsonReport;
import io.kafkamixnet.audit.LogDirReader;
import io.kafkamixnet.audit.TextReport;
import io.kafkamixnet.audit.TopicLogs;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--json", description = "Print the report as JSON instead of the table.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report with plots to FILE.")
    Path html;

    @Override
    public Integer call() throws Exception {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(
                    spec.commandLine(), "--from must be before --to, found " + from + " and " + to);
        }
        if (!Files.isDirectory(logDir)) {
            throw new ParameterException(
                    spec.commandLine(), "--log-dir must be the broker's log directory, found no directory " + logDir);
        }
        long t0 = System.nanoTime();
        TopicLogs logs = LogDirReader.read(logDir);
        long t1 = System.nanoTime();
        AuditReport report = Auditor.audit(logs, logDir.toString(), directoryTopic, from, to);
        long t2 = System.nanoTime();
        List<io.kafkamixnet.audit.Finding> findings = new ArrayList<>(report.findings());
        if (cluster.isGiven()) {
            // Every topic of the network as a consumer with topic access reads it, both isolation levels.
            List<String> topics =
                    logs.topics().stream().filter(t -> !t.startsWith("__")).toList();
            findings.addAll(ConsumerView.compare(cluster.settings().asClientConfig(), logs, topics));
        }
        report = new AuditReport(
                report.logDir(),
                from,
                to,
                report.recordsRead(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                report.mixers(),
                report.endToEnd(),
                report.perStrategy(),
                findings,
                report.exits(),
                report.releases(),
                report.delays());
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
