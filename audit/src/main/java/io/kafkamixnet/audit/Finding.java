package io.kafkamixnet.audit;

/**
 * One line of the metadata review.
 *
 * @param severity {@code OK} (nothing learned), {@code INFO} (learned, by design), {@code WARN} (a leak)
 * @param area what was checked (timestamps, keys, headers, partitions, sizes, changelog, volumes, transactions)
 * @param subject the topic or mixer it is about
 * @param text what the adversary sees, in one sentence
 */
public record Finding(Severity severity, String area, String subject, String text) {

    public enum Severity {
        OK,
        INFO,
        WARN
    }
}
