package io.kafkamixnet.attack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one {@code mixnet attack} run: a terminal table and a JSON document. The JSON is
 * meant to be diffed between runs with and without a defence: every row names its attack, strategy,
 * mixer settings and defence settings, then the same figures (trials, successes, success rate, base
 * rate, rounds, packets, seconds).
 */
public final class AttackReport {

    /** Version of the JSON layout; raised when a field changes meaning. */
    public static final int FORMAT_VERSION = 1;

    private final String cluster;
    private final Instant started;
    private final List<AttackResult> results;

    public AttackReport(String cluster, Instant started, List<AttackResult> results) {
        this.cluster = cluster;
        this.started = started;
        this.results = List.copyOf(results);
    }

    public List<AttackResult> results() {
        return results;
    }

    /** One line per result, with a header. */
    public void printTable(PrintWriter out) {
        out.printf(
                "%-7s %-11s %-12s %7s %9s %8s %9s %8s %9s %8s%n",
                "attack", "strategy", "defence", "trials", "success", "rate", "base", "rounds", "packets", "seconds");
        for (AttackResult r : results) {
            boolean n1 = r.attack().equals("n-1");
            out.printf(
                    Locale.ROOT,
                    "%-7s %-11s %-12s %7d %9s %7.1f%% %9s %8s %9s %8s%n",
                    r.attack(),
                    r.strategy(),
                    defenceLabel(r.defences()),
                    r.trials(),
                    formatCount(r.successes()),
                    100 * r.successRate(),
                    Double.isNaN(r.baseRate()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * r.baseRate()),
                    n1 ? mean(r.rounds(), "%.1f") : "-",
                    mean(r.packets(), "%.1f"),
                    n1 ? mean(r.seconds(), "%.2f") : "-");
        }
        out.println("rounds, packets, seconds: mean per trial (n-1: until the target was linked; timing: probes sent)."
                + " base: a passive guess's chance, 1/anonymity set (n/a: no trial released its target).");
        out.flush();
    }

    /** The mean, or n/a for no values (an n-1 row with no linked trial has nothing to average). */
    private static String mean(Stats stats, String format) {
        return stats.count() == 0 ? "n/a" : String.format(Locale.ROOT, format, stats.mean());
    }

    private static String defenceLabel(Map<String, Object> defences) {
        List<String> parts = new java.util.ArrayList<>();
        Object cover = defences.get("coverRate");
        if (cover instanceof Number n && n.doubleValue() > 0) {
            parts.add("cover " + formatRate(n.doubleValue()) + "/s");
        }
        Object preset = defences.get("preset");
        if (preset != null && !"none".equals(preset)) {
            parts.add(preset.toString());
        } else if (Boolean.TRUE.equals(defences.get("mixerDummies"))) {
            parts.add("dummies");
        }
        Object extra = defences.get("extraMixerProperties");
        if (extra instanceof Map<?, ?> m && !m.isEmpty()) {
            parts.add("+" + m.size() + " settings");
        }
        return parts.isEmpty() ? "none" : String.join(" + ", parts);
    }

    /** A rate as the user typed it: {@code 4}, {@code 0.5}, not {@code 4.00}. */
    public static String formatRate(double perSecond) {
        return java.math.BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString();
    }

    private static String formatCount(double successes) {
        return successes == Math.rint(successes)
                ? Long.toString((long) successes)
                : String.format(Locale.ROOT, "%.1f", successes);
    }

    /** The report as a JSON tree. */
    public ObjectNode toJson() {
        ObjectMapper mapper = mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("tool", "mixnet attack");
        root.put("cluster", cluster);
        root.put("startedAt", started.toString());
        ArrayNode rows = root.putArray("results");
        for (AttackResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("attack", r.attack());
            row.put("strategy", r.strategy());
            row.set("mixer", mapper.valueToTree(r.mixer()));
            row.set("defences", mapper.valueToTree(r.defences()));
            row.put("trials", r.trials());
            row.put("successes", r.successes());
            row.put("successRate", r.successRate());
            if (Double.isNaN(r.baseRate())) {
                row.putNull("baseRate"); // unknown: no trial released its target
            } else {
                row.put("baseRate", r.baseRate());
            }
            row.set("rounds", mapper.valueToTree(r.rounds()));
            row.set("packets", mapper.valueToTree(r.packets()));
            row.set("seconds", mapper.valueToTree(r.seconds()));
            row.set("notes", mapper.valueToTree(r.notes()));
        }
        return root;
    }

    /** Writes {@link #toJson()} to {@code file}, pretty-printed. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, mapper().writeValueAsString(toJson()) + System.lineSeparator());
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
