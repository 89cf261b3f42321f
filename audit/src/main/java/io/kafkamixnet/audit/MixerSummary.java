package io.kafkamixnet.audit;

/**
 * One mixer's part of the report.
 *
 * @param releases releases seen on its {@code pool-meta} changelog
 * @param minFlush smallest release (packets)
 * @param medianFlush median release
 * @param maxFlush largest release
 * @param singleFlushes releases of exactly one packet
 * @param hop entropy of its outputs over its own input records (this hop alone)
 * @param senders entropy of its outputs over first-hop senders (every hop up to and including it)
 * @param meanDelayMillis expected time a released packet spent in it
 */
public record MixerSummary(
        String mixerId,
        String strategy,
        String role,
        String ingressTopic,
        int releases,
        long minFlush,
        double medianFlush,
        long maxFlush,
        int singleFlushes,
        EntropyStats hop,
        EntropyStats senders,
        double meanDelayMillis) {}
