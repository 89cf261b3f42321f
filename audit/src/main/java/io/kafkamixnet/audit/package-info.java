/**
 * The anonymity auditor: reads a network's topic logs as a global passive adversary (the broker
 * operator) would, links each mixer's outputs to its inputs with what that adversary sees, and
 * measures what is left: per exit record a probability distribution over senders, its Shannon
 * entropy, effective anonymity set and degree of anonymity. See docs/anonymity.md.
 *
 * <p>{@link io.kafkamixnet.audit.Auditor} is the entry point; {@link io.kafkamixnet.audit.LogDirReader}
 * reads the broker's log segments, {@link io.kafkamixnet.audit.NetworkLayout} finds the mixers in them,
 * {@link io.kafkamixnet.audit.AnonymityAnalysis} propagates probability mass through every mixer and
 * {@link io.kafkamixnet.audit.AuditReport} holds the result, printed by {@link io.kafkamixnet.audit.TextReport},
 * {@link io.kafkamixnet.audit.JsonReport} and {@link io.kafkamixnet.audit.HtmlReport}.
 */
package io.kafkamixnet.audit;
