package io.kafkamixnet.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One self-contained HTML file: the summary tables, the metadata review, and three plots drawn with XChart
 * and embedded as PNG data URIs — entropy of every exit record over time, release sizes over time, and the
 * expected delay distribution of each mixer.
 */
public final class HtmlReport {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 380;

    private HtmlReport() {}

    public static void write(AuditReport r, Writer out) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StringBuilder h = new StringBuilder();
        h.append(
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kafka Mixnet anonymity audit</title>")
                .append("<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".WARN{color:#b00;font-weight:bold}.OK{color:#070}.INFO{color:#555}img{border:1px solid #ddd}")
                .append("</style></head><body>");
        h.append("<h1>Anonymity audit</h1><p>")
                .append(esc(String.format(
                        Locale.ROOT,
                        "Log directory %s: %,d records read in %.1f s, linked in %.1f s. Window: %s to %s.",
                        r.logDir(),
                        r.recordsRead(),
                        r.readMillis() / 1000.0,
                        r.analyseMillis() / 1000.0,
                        r.from() == null ? "start of the logs" : r.from(),
                        r.to() == null ? "end of the logs" : r.to())))
                .append(" The adversary is the broker operator: every record, its producer id, time, partition and"
                        + " transaction, and the mixers' internal topics. See docs/anonymity.md.</p>");

        int population = r.endToEnd().population();
        h.append("<h2>End to end</h2><p>Entropy of each exit record over the ")
                .append(population)
                .append(" first-hop senders (at most ")
                .append(TextReport.fmt(population > 1 ? Math.log(population) / Math.log(2) : 0, 2))
                .append(
                        " bits).</p><table><tr><th class=l>strategy</th><th>messages</th><th>min H</th><th>median H</th>")
                .append("<th>mean H</th><th>mean 2^H</th><th>degree</th><th>linked with certainty</th></tr>");
        r.perStrategy().forEach((s, st) -> statsRow(h, s, st));
        if (r.perStrategy().size() != 1) {
            statsRow(h, "all", r.endToEnd());
        }
        h.append("</table>");

        h.append("<h2>Per mixer</h2><table><tr><th class=l>mixer</th><th class=l>strategy</th><th>releases</th>")
                .append("<th>flush min / median / max</th><th>size-1 flushes</th><th>hop H median / mean</th>")
                .append("<th>sender H median / mean</th><th>mean delay</th></tr>");
        for (MixerSummary m : r.mixers()) {
            h.append("<tr><td class=l>")
                    .append(esc(m.mixerId()))
                    .append("</td><td class=l>")
                    .append(esc(m.strategy()))
                    .append("</td><td>")
                    .append(m.releases())
                    .append("</td><td>")
                    .append(m.minFlush())
                    .append(" / ")
                    .append(TextReport.fmt(m.medianFlush(), 1))
                    .append(" / ")
                    .append(m.maxFlush())
                    .append("</td><td>")
                    .append(m.singleFlushes())
                    .append("</td><td>")
                    .append(TextReport.fmt(m.hop().median(), 2))
                    .append(" / ")
                    .append(TextReport.fmt(m.hop().mean(), 2))
                    .append("</td><td>")
                    .append(TextReport.fmt(m.senders().median(), 2))
                    .append(" / ")
                    .append(TextReport.fmt(m.senders().mean(), 2))
                    .append("</td><td>")
                    .append(TextReport.fmt(m.meanDelayMillis(), 0))
                    .append(" ms</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Entropy of each exit record over time</h2>").append(img(entropyChart(r)));
        h.append("<h2>Release sizes</h2>").append(img(releaseChart(r)));
        h.append("<h2>Time in each mixer (expected released packets per bin)</h2>")
                .append(img(delayChart(r)));

        volumes(h, r.volumes());

        h.append("<h2>Metadata review</h2><table><tr><th class=l>severity</th><th class=l>area</th>")
                .append("<th class=l>subject</th><th class=l>what the operator sees</th></tr>");
        for (Finding f : r.findings()) {
            h.append("<tr><td class=\"l ")
                    .append(f.severity())
                    .append("\">")
                    .append(f.severity())
                    .append("</td><td class=l>")
                    .append(esc(f.area()))
                    .append("</td><td class=l>")
                    .append(esc(f.subject()))
                    .append("</td><td class=l>")
                    .append(esc(f.text()))
                    .append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        out.write(h.toString());
        out.flush();
    }

    /** Series drawn in the volume plot: the most suspicious ones, or the plot is unreadable. */
    private static final int VOLUME_LINES = 8;

    private static void volumes(StringBuilder h, VolumeReport v) throws IOException {
        if (v.series().isEmpty()) {
            return;
        }
        h.append("<h2>Per-producer volume over time</h2><p>")
                .append(esc(String.format(
                        Locale.ROOT,
                        "First-hop records per producer id and ingress topic in windows of %s. Dispersion test against"
                                + " a Poisson process of the series' own mean%s; %d tests, each at %s (α %s,"
                                + " Bonferroni). See docs/anonymity.md.",
                        VolumeText.seconds(v.windowMillis()),
                        v.activity().isEmpty()
                                ? ""
                                : " and exact rate test inside against outside the activity periods " + v.activity(),
                        v.tests(),
                        VolumeText.p(v.perTestLevel()),
                        TextReport.fmt(v.alpha(), 3))))
                .append("</p><table><tr><th>producer</th><th class=l>topic</th><th>packets</th><th>windows</th>")
                .append("<th>mean / window</th><th>index of dispersion</th><th>p (dispersion)</th>")
                .append("<th>active / s</th><th>idle / s</th><th>ratio</th><th>p (rate)</th>")
                .append("<th class=l>verdict</th></tr>");
        int shown = 0;
        for (ProducerVolume p : v.series()) {
            if (shown++ == TextReport.VOLUME_ROWS) {
                break;
            }
            ProducerVolume.Dispersion d = p.dispersion();
            ProducerVolume.ActivityComparison a = p.activity();
            h.append("<tr><td>")
                    .append(p.producerId())
                    .append("</td><td class=l>")
                    .append(esc(p.topic()))
                    .append("</td><td>")
                    .append(p.packets())
                    .append("</td><td>")
                    .append(d.windows())
                    .append("</td><td>")
                    .append(TextReport.fmt(d.meanPerWindow(), 1))
                    .append("</td><td>")
                    .append(TextReport.fmt(d.index(), 2))
                    .append("</td><td>")
                    .append(esc(VolumeText.p(d.pValue())))
                    .append("</td><td>")
                    .append(a == null ? "-" : TextReport.fmt(a.activeRate(), 2))
                    .append("</td><td>")
                    .append(a == null ? "-" : TextReport.fmt(a.idleRate(), 2))
                    .append("</td><td>")
                    .append(a == null ? "-" : TextReport.fmt(a.rateRatio(), 2))
                    .append("</td><td>")
                    .append(a == null ? "-" : esc(VolumeText.p(a.pValue())))
                    .append("</td><td class=\"l ")
                    .append(p.verdict() == ProducerVolume.Verdict.VARIES ? "WARN" : "OK")
                    .append("\">")
                    .append(esc(p.verdict().words()))
                    .append("</td></tr>");
        }
        h.append("</table>");
        if (v.series().size() > TextReport.VOLUME_ROWS) {
            h.append("<p>")
                    .append(v.series().size() - TextReport.VOLUME_ROWS)
                    .append(" more series in the JSON report.</p>");
        }
        h.append(img(volumeChart(v)));
    }

    private static XYChart volumeChart(VolumeReport v) {
        XYChart c = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Packets per window (the "
                        + Math.min(VOLUME_LINES, v.series().size()) + " series with the smallest p-values)")
                .xAxisTitle("seconds since the first window")
                .yAxisTitle("packets per " + VolumeText.seconds(v.windowMillis()))
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(4);
        List<ProducerVolume> drawn = v.series().stream()
                .filter(p -> !p.counts().isEmpty())
                .limit(VOLUME_LINES)
                .toList();
        long t0 = drawn.stream()
                .mapToLong(ProducerVolume::windowStartMillis)
                .min()
                .orElse(0);
        for (ProducerVolume p : drawn) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < p.counts().size(); i++) {
                double mid = p.windowStartMillis() + (i + 0.5) * p.windowMillis();
                pts.add(new double[] {(mid - t0) / 1000.0, p.counts().get(i)});
            }
            add(
                    c,
                    "producer " + p.producerId() + " → " + p.topic() + " ("
                            + p.verdict().words() + ")",
                    pts);
        }
        return c;
    }

    private static void statsRow(StringBuilder h, String label, EntropyStats s) {
        h.append("<tr><td class=l>")
                .append(esc(label))
                .append("</td><td>")
                .append(s.messages())
                .append("</td><td>")
                .append(TextReport.fmt(s.min(), 2))
                .append("</td><td>")
                .append(TextReport.fmt(s.median(), 2))
                .append("</td><td>")
                .append(TextReport.fmt(s.mean(), 2))
                .append("</td><td>")
                .append(TextReport.fmt(s.meanEffectiveSet(), 1))
                .append("</td><td>")
                .append(TextReport.fmt(s.meanDegree(), 2))
                .append("</td><td>")
                .append(Double.isNaN(s.certainShare()) ? "-" : TextReport.fmt(100 * s.certainShare(), 1) + " %")
                .append("</td></tr>");
    }

    private static XYChart entropyChart(AuditReport r) {
        XYChart c = scatter("Sender entropy of exit records", "seconds since the first exit record", "H (bits)");
        long t0 = r.exits().isEmpty() ? 0 : r.exits().get(0).atMillis();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (AuditReport.ExitPoint e : r.exits()) {
            series.computeIfAbsent(e.mixerId() + " (" + e.strategy() + ")", k -> new ArrayList<>())
                    .add(new double[] {(e.atMillis() - t0) / 1000.0, e.entropy()});
        }
        series.forEach((name, pts) -> add(c, name, pts));
        return c;
    }

    private static XYChart releaseChart(AuditReport r) {
        XYChart c = scatter("Packets per release", "seconds since the first release", "packets released");
        long t0 = r.releases().stream().mapToLong(ReleaseView::atMillis).min().orElse(0);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (ReleaseView v : r.releases()) {
            series.computeIfAbsent(v.mixer().mixerId(), k -> new ArrayList<>())
                    .add(new double[] {(v.atMillis() - t0) / 1000.0, v.released()});
        }
        series.forEach((name, pts) -> add(c, name, pts));
        return c;
    }

    private static XYChart delayChart(AuditReport r) {
        XYChart c = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Expected delay distribution")
                .xAxisTitle("ms from the ingress append to the release")
                .yAxisTitle("expected packets")
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(0);
        r.delays().forEach((mixer, hist) -> {
            int last = hist.lastBin();
            if (last < 0) {
                return;
            }
            // At most about 60 points per mixer: 10 ms bins merged into wider ones for a readable line.
            int merge = Math.max(1, (last + 60) / 60);
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i <= last; i += merge) {
                double w = 0;
                for (int j = i; j < Math.min(i + merge, last + 1); j++) {
                    w += hist.weight(j);
                }
                pts.add(new double[] {(i + merge / 2.0) * DelayHistogram.BIN_MILLIS, w});
            }
            add(c, mixer, pts);
        });
        return c;
    }

    private static XYChart scatter(String title, String x, String y) {
        XYChart c = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static void add(XYChart c, String name, List<double[]> pts) {
        if (pts.isEmpty()) {
            return;
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        c.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    private static String img(Chart<?, ?> chart) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return "<p>(nothing in the window)</p>";
        }
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        return "<p><img alt=\"" + esc(chart.getTitle()) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"></p>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
