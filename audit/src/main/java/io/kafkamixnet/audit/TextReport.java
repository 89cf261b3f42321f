package io.kafkamixnet.audit;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The terminal summary: end-to-end entropy per strategy, one line per mixer, then the metadata review. */
public final class TextReport {

    private TextReport() {}

    public static void print(AuditReport r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Anonymity audit of %s: %,d records read in %.1f s, linked in %.1f s%n",
                r.logDir(),
                r.recordsRead(),
                r.readMillis() / 1000.0,
                r.analyseMillis() / 1000.0);
        out.printf(
                "Window: %s to %s%n",
                r.from() == null ? "start of the logs" : r.from(), r.to() == null ? "end of the logs" : r.to());
        int population = r.endToEnd().population();
        out.printf(
                Locale.ROOT,
                "First-hop senders (distinct producer ids): %d, so at most log2 %d = %.2f bits%n%n",
                population,
                population,
                population > 1 ? Math.log(population) / Math.log(2) : 0.0);

        out.println("End to end: exit records, entropy over first-hop senders (bits)");
        out.printf(
                "%-12s %8s %7s %8s %7s %8s %7s %8s%n",
                "strategy", "messages", "min H", "median H", "mean H", "mean 2^H", "degree", "certain");
        for (Map.Entry<String, EntropyStats> e : r.perStrategy().entrySet()) {
            row(out, e.getKey(), e.getValue());
        }
        if (r.perStrategy().size() != 1) {
            row(out, "all", r.endToEnd());
        }
        out.println();

        out.println("Per mixer: H over its own inputs (this hop alone) and over senders (all hops so far)");
        out.printf(
                "%-10s %-28s %8s %15s %6s %13s %13s %8s%n",
                "mixer",
                "strategy",
                "releases",
                "flush min/med/max",
                "size-1",
                "hop H med/mean",
                "sender H med/mean",
                "delay");
        for (MixerSummary m : r.mixers()) {
            out.printf(
                    Locale.ROOT,
                    "%-10s %-28s %8d %15s %6d %13s %13s %8s%n",
                    m.mixerId(),
                    truncate(m.strategy(), 28),
                    m.releases(),
                    m.releases() == 0 ? "-" : m.minFlush() + "/" + fmt(m.medianFlush(), 1) + "/" + m.maxFlush(),
                    m.singleFlushes(),
                    fmt(m.hop().median(), 2) + "/" + fmt(m.hop().mean(), 2),
                    fmt(m.senders().median(), 2) + "/" + fmt(m.senders().mean(), 2),
                    Double.isNaN(m.meanDelayMillis())
                            ? "-"
                            : String.format(Locale.ROOT, "%.0f ms", m.meanDelayMillis()));
        }
        out.println();
        volumes(out, r.volumes());
        out.println("Metadata review (what the operator sees)");
        for (Finding f : r.findings()) {
            out.printf("[%-4s] %-13s %s: %s%n", f.severity(), f.area(), f.subject(), f.text());
        }
        out.flush();
    }

    /** Rows of the volume table printed; the rest (the least suspicious) are counted. */
    static final int VOLUME_ROWS = 20;

    private static void volumes(PrintWriter out, VolumeReport v) {
        if (v.series().isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "Per-producer volume over time (first hop, windows of %s; %d tests, each at %s = %s / %d)%n",
                VolumeText.seconds(v.windowMillis()),
                v.tests(),
                VolumeText.p(v.perTestLevel()),
                fmt(v.alpha(), 3),
                Math.max(1, v.tests()));
        if (!v.activity().isEmpty()) {
            out.println("Activity periods: " + v.activity());
        }
        out.printf(
                "%-9s %-24s %7s %7s %8s %6s %9s %8s %8s %6s %9s  %s%n",
                "producer",
                "topic",
                "packets",
                "windows",
                "mean/win",
                "index",
                "p disp",
                "active/s",
                "idle/s",
                "ratio",
                "p rate",
                "verdict");
        int shown = 0;
        for (ProducerVolume p : v.series()) {
            if (shown++ == VOLUME_ROWS) {
                out.printf("... %d more, all in --json%n", v.series().size() - VOLUME_ROWS);
                break;
            }
            ProducerVolume.Dispersion d = p.dispersion();
            ProducerVolume.ActivityComparison a = p.activity();
            out.printf(
                    Locale.ROOT,
                    "%-9d %-24s %7d %7d %8s %6s %9s %8s %8s %6s %9s  %s%n",
                    p.producerId(),
                    truncate(p.topic(), 24),
                    p.packets(),
                    d.windows(),
                    fmt(d.meanPerWindow(), 1),
                    fmt(d.index(), 2),
                    VolumeText.p(d.pValue()),
                    a == null ? "-" : fmt(a.activeRate(), 2),
                    a == null ? "-" : fmt(a.idleRate(), 2),
                    a == null ? "-" : Double.isInfinite(a.rateRatio()) ? "inf" : fmt(a.rateRatio(), 2),
                    a == null ? "-" : VolumeText.p(a.pValue()),
                    p.verdict().words());
        }
        out.println();
    }

    private static void row(PrintWriter out, String label, EntropyStats s) {
        out.printf(
                Locale.ROOT,
                "%-12s %8d %7s %8s %7s %8s %7s %8s%n",
                label,
                s.messages(),
                fmt(s.min(), 2),
                fmt(s.median(), 2),
                fmt(s.mean(), 2),
                fmt(s.meanEffectiveSet(), 1),
                fmt(s.meanDegree(), 2),
                Double.isNaN(s.certainShare()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.certainShare()));
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String instant(Instant i) {
        return i == null ? null : i.toString();
    }
}
