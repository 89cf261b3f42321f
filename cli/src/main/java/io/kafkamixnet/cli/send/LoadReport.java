package io.kafkamixnet.cli.send;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of a {@code mixnet send --count N} run: the latency of every completed request and the count
 * of each outcome. Thread-safe (replies complete on the client's callback threads).
 */
public final class LoadReport {

    private final String service;
    private final int planned;
    private final List<Long> latenciesMicros = new ArrayList<>();
    private final Map<SendOutcome, Long> outcomes = new EnumMap<>(SendOutcome.class);
    private int sent;

    public LoadReport(String service, int planned) {
        this.service = service;
        this.planned = planned;
    }

    public synchronized void sent() {
        sent++;
    }

    /** One request ended with {@code outcome}; {@code latencyMicros} counts only for {@link SendOutcome#OK}. */
    public synchronized void completed(SendOutcome outcome, long latencyMicros) {
        outcomes.merge(outcome, 1L, Long::sum);
        if (outcome == SendOutcome.OK) {
            latenciesMicros.add(latencyMicros);
        }
    }

    public synchronized int sentCount() {
        return sent;
    }

    public synchronized long completedCount() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long count(SendOutcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** Failed requests by outcome, most frequent first. */
    public synchronized Map<SendOutcome, Long> errors() {
        Map<SendOutcome, Long> m = new LinkedHashMap<>();
        outcomes.entrySet().stream()
                .filter(e -> e.getKey() != SendOutcome.OK)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /**
     * 0 when every request got its reply; otherwise the exit code of the most frequent failure (the
     * lower code on a tie).
     */
    public synchronized int exitCode() {
        return errors().entrySet().stream()
                .sorted((a, b) -> b.getValue().equals(a.getValue())
                        ? Integer.compare(a.getKey().exitCode(), b.getKey().exitCode())
                        : Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey().exitCode())
                .findFirst()
                .orElse(count(SendOutcome.OK) == planned ? 0 : SendOutcome.FAILED.exitCode());
    }

    /** The latency at quantile {@code q} in milliseconds (nearest rank), NaN without replies. */
    public synchronized double latencyMillis(double q) {
        if (latenciesMicros.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1000.0;
    }

    /** The progress line: sent, replies, errors, in flight. */
    public synchronized String progress() {
        long done = completedCount();
        return String.format(
                "sent %d/%d  ok %d  errors %d  in flight %d",
                sent, planned, count(SendOutcome.OK), done - count(SendOutcome.OK), sent - done);
    }

    /**
     * Prints the summary.
     *
     * @param sendingSeconds from the first request to the last one sent (the achieved rate)
     * @param elapsedSeconds from the first request to the last outcome
     */
    public synchronized void print(PrintWriter out, double sendingSeconds, double elapsedSeconds) {
        out.printf(
                "%d requests to %s sent in %.1f s (%.1f/s), all outcomes after %.1f s: %d ok%n",
                sent, service, sendingSeconds, rate(sendingSeconds), elapsedSeconds, count(SendOutcome.OK));
        Map<SendOutcome, Long> errors = errors();
        if (errors.isEmpty()) {
            out.println("errors by kind: none");
        } else {
            StringBuilder b = new StringBuilder("errors by kind:");
            errors.forEach((k, n) -> b.append(' ').append(k.label()).append(' ').append(n));
            out.println(b);
        }
        out.printf(
                "latency (ms) p50 %.0f  p95 %.0f  p99 %.0f  max %.0f%n",
                latencyMillis(0.50), latencyMillis(0.95), latencyMillis(0.99), latencyMillis(1.0));
        out.flush();
    }

    /** The summary as a JSON-ready map (latencies in milliseconds, null without replies). */
    public synchronized Map<String, Object> toJson(double sendingSeconds, double elapsedSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("requests", sent);
        m.put("ok", count(SendOutcome.OK));
        Map<String, Long> errors = new LinkedHashMap<>();
        errors().forEach((k, n) -> errors.put(k.label(), n));
        m.put("errors", errors);
        m.put("sending_s", round(sendingSeconds));
        m.put("rate_per_s", round(rate(sendingSeconds)));
        m.put("elapsed_s", round(elapsedSeconds));
        m.put("latency_ms_p50", orNull(latencyMillis(0.50)));
        m.put("latency_ms_p95", orNull(latencyMillis(0.95)));
        m.put("latency_ms_p99", orNull(latencyMillis(0.99)));
        m.put("latency_ms_max", orNull(latencyMillis(1.0)));
        m.put("exit_code", exitCode());
        return m;
    }

    /** Requests per second over the sending time (one request takes no time: its count). */
    private double rate(double sendingSeconds) {
        return sent <= 1 || sendingSeconds <= 0 ? sent : (sent - 1) / sendingSeconds;
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
