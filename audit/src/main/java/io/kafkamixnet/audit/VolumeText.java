package io.kafkamixnet.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the volume tests are put in words and numbers, the same in the findings, the table and the HTML. */
final class VolumeText {

    private VolumeText() {}

    /** The statistics behind a series' verdicts, in one clause. */
    static String evidence(ProducerVolume p, VolumeReport v) {
        List<String> parts = new ArrayList<>();
        ProducerVolume.Dispersion d = p.dispersion();
        if (d.verdict() != ProducerVolume.Verdict.NOT_TESTED) {
            parts.add(String.format(
                    Locale.ROOT,
                    "index of dispersion %.2f over %d windows of %s, %.1f packets each on average (χ² %.1f,"
                            + " %d degrees of freedom, p = %s: %s)",
                    d.index(),
                    d.windows(),
                    seconds(v.windowMillis()),
                    d.meanPerWindow(),
                    d.chiSquare(),
                    d.degreesOfFreedom(),
                    p(d.pValue()),
                    d.verdict().words()));
        }
        ProducerVolume.ActivityComparison a = p.activity();
        if (a != null && a.verdict() != ProducerVolume.Verdict.NOT_TESTED) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%.2f packets/s in the activity periods against %.2f outside (ratio %s, exact rate test p = %s:"
                            + " %s)",
                    a.activeRate(),
                    a.idleRate(),
                    Double.isInfinite(a.rateRatio()) ? "∞" : String.format(Locale.ROOT, "%.2f", a.rateRatio()),
                    p(a.pValue()),
                    a.verdict().words()));
        }
        return parts.isEmpty() ? "not tested" : String.join("; ", parts);
    }

    /** A p-value in three significant digits; one too small for a double's tail sums is shown as a bound. */
    static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        if (p < 1e-300) {
            return "< 1e-300";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.2e", p);
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
