package io.kafkamixnet.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the audit found.
 *
 * @param logDir the log directory read
 * @param from start of the window (inclusive), null for the beginning of the logs
 * @param to end of the window (exclusive), null for the end of the logs
 * @param recordsRead data records read from the segments
 * @param readMillis time spent reading the segments
 * @param analyseMillis time spent linking and measuring
 * @param mixers one summary per mixer
 * @param endToEnd entropy of the exit records over first-hop senders
 * @param perStrategy the same, by the strategy of the mixer each exit record left
 * @param findings the metadata review
 * @param exits every exit record in the window: time and sender entropy, for the plots
 * @param releases every release in the window, for the plots
 * @param delays expected time in each mixer, by mixer id
 * @param volumes every first-hop producer's volume over time and whether it follows its activity
 */
public record AuditReport(
        String logDir,
        Instant from,
        Instant to,
        long recordsRead,
        long readMillis,
        long analyseMillis,
        List<MixerSummary> mixers,
        EntropyStats endToEnd,
        Map<String, EntropyStats> perStrategy,
        List<Finding> findings,
        List<ExitPoint> exits,
        List<ReleaseView> releases,
        Map<String, DelayHistogram> delays,
        VolumeReport volumes) {

    /** This report with the reading and linking times and the findings replaced (the caller measured and added). */
    public AuditReport with(long readMillis, long analyseMillis, List<Finding> findings) {
        return new AuditReport(
                logDir,
                from,
                to,
                recordsRead,
                readMillis,
                analyseMillis,
                mixers,
                endToEnd,
                perStrategy,
                List.copyOf(findings),
                exits,
                releases,
                delays,
                volumes);
    }

    /** One exit record for the plots: when it left, which mixer released it, its sender entropy. */
    public record ExitPoint(long atMillis, String mixerId, String strategy, double entropy, double effectiveSet) {}
}
