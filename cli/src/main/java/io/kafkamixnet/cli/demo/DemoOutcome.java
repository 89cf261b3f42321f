package io.kafkamixnet.cli.demo;

import io.kafkamixnet.client.service.ServiceStats;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one demo run did, and the summary table it prints. */
public record DemoOutcome(
        DemoSettings settings,
        Duration elapsed,
        int requests,
        long sent,
        long matched,
        long mismatched,
        Map<String, Long> failures,
        List<Long> latenciesMicros,
        long coverPacketsSent,
        Map<String, MixerSummary> mixers,
        ServiceStats service) {

    /** One mixer's counters at the end of the run. */
    public record MixerSummary(
            String role,
            MixerMetrics.BatchStats batches,
            long accepted,
            long released,
            long dropped,
            long held,
            Map<String, Long> rejections,
            long dummies,
            long loopsSent,
            long loopsReturned,
            boolean alarm) {

        static Map<String, MixerSummary> of(Map<String, MixerApplication> mixers) {
            Map<String, MixerSummary> m = new LinkedHashMap<>();
            mixers.forEach((id, app) -> {
                MixerMetrics metrics = app.metrics();
                Map<String, Long> rejections = new TreeMap<>();
                metrics.rejections().forEach((reason, count) -> {
                    if (count > 0) {
                        rejections.put(reason.name(), count);
                    }
                });
                m.put(
                        id,
                        new MixerSummary(
                                app.config().role().name().toLowerCase(java.util.Locale.ROOT),
                                metrics.batchStats(),
                                metrics.acceptedCount(),
                                metrics.releasedCount(),
                                metrics.droppedCount(),
                                metrics.heldCount(),
                                rejections,
                                metrics.dummiesSentCount(),
                                metrics.loopsSentCount(),
                                metrics.loopsReturnedCount(),
                                metrics.heartbeatAlarm()));
            });
            return m;
        }
    }

    /** The demo succeeds only if every request got its own reply back. */
    public boolean succeeded() {
        return matched == requests && mismatched == 0 && failures.isEmpty();
    }

    /** The latency at quantile {@code q} in milliseconds (nearest rank), or NaN without replies. */
    public double latencyMillis(double q) {
        if (latenciesMicros.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latenciesMicros.size());
        return latenciesMicros.get(Math.max(0, Math.min(latenciesMicros.size() - 1, rank - 1))) / 1000.0;
    }

    public void print(PrintWriter out) {
        out.println();
        out.printf(
                "Summary — strategy %s, %d clients x %d requests, traffic over in %.1f s%n",
                settings.strategy().label(),
                settings.clients(),
                settings.requestsPerClient(),
                elapsed.toMillis() / 1000.0);
        out.println("  ------------------------------------------------------------------------");
        out.printf("  requests sent           %6d of %d%n", sent, requests);
        out.printf(
                "  replies matched         %6d of %d%s%n",
                matched, requests, mismatched > 0 ? "  (" + mismatched + " MISMATCHED)" : "");
        failures.forEach((what, n) -> out.printf("  failed: %-15s %6d%n", what, n));
        out.printf("  cover (drop) packets    %6d%n", coverPacketsSent);
        out.printf(
                "  service: requests %d, replied %d, duplicates %d%n",
                service.requests(), service.replied(), service.duplicates());
        out.printf(
                "  latency end to end (ms) p50 %.0f   p95 %.0f   p99 %.0f   max %.0f%n",
                latencyMillis(0.50), latencyMillis(0.95), latencyMillis(0.99), latencyMillis(1.0));
        out.println("  ------------------------------------------------------------------------");
        out.printf(
                "  %-8s %-8s %8s %9s %9s %6s %6s %8s %8s %6s%n",
                "hop", "role", "batches", "mean size", "min", "max", "held", "accepted", "released", "drops");
        mixers.forEach((id, m) -> out.printf(
                "  %-8s %-8s %8d %9.1f %9d %6d %6d %8d %8d %6d%n",
                id,
                m.role(),
                m.batches().count(),
                m.batches().mean(),
                m.batches().count() == 0 ? 0 : m.batches().min(),
                m.batches().max(),
                m.held(),
                m.accepted(),
                m.released(),
                m.dropped()));
        out.println("  ------------------------------------------------------------------------");
        if (settings.defences()) {
            out.printf("  %-8s %8s %10s %10s %-6s%n", "hop", "dummies", "loops sent", "loops back", "alarm");
            mixers.forEach((id, m) -> out.printf(
                    "  %-8s %8d %10d %10d %-6s%n",
                    id,
                    m.dummies(),
                    m.loopsSent(),
                    m.loopsReturned(),
                    m.loopsSent() == 0 ? "-" : m.alarm() ? "ALARM" : "ok"));
            out.println("  ------------------------------------------------------------------------");
        }
        Map<String, Long> rejections = new TreeMap<>();
        mixers.values().forEach(m -> m.rejections().forEach((r, n) -> rejections.merge(r, n, Long::sum)));
        out.printf("  rejections by reason    %s%n", rejections.isEmpty() ? "none" : rejections);
        out.printf(
                "  result                  %s%n",
                succeeded()
                        ? "OK: every reply arrived and matched its request"
                        : "FAILED: " + (requests - matched) + " request(s) without their reply");
        out.flush();
    }
}
