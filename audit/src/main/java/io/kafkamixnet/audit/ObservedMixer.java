package io.kafkamixnet.audit;

import java.util.Set;

/**
 * A mixer as the operator finds it in the logs: the Kafka Streams application that owns a
 * {@code pool-meta} changelog, the ingress topic its consumer group commits offsets on, and the producer
 * ids that write its changelogs (the same transactional producers write its outputs).
 *
 * @param applicationId the Kafka Streams application id (prefix of its internal topics)
 * @param mixerId from its directory descriptor, or the application id when none was found
 * @param strategy the strategy summary of its descriptor, or {@code "unknown"}
 * @param role {@code FORWARD}, {@code RESPONSE}, or {@code unknown}
 * @param ingressTopic the topic its group commits offsets on
 * @param producerIds producer ids writing its changelogs
 */
public record ObservedMixer(
        String applicationId,
        String mixerId,
        String strategy,
        String role,
        String ingressTopic,
        Set<Long> producerIds) {

    public ObservedMixer {
        producerIds = Set.copyOf(producerIds);
    }

    /** Topic of its {@code pool-meta} store's changelog: the exact held count after every change. */
    public String poolMetaChangelog() {
        return applicationId + "-" + io.kafkamixnet.topology.TopologyNames.POOL_META_STORE + "-changelog";
    }

    /** Topic of its {@code pool} store's changelog: one sealed entry per held packet. */
    public String poolChangelog() {
        return applicationId + "-" + io.kafkamixnet.topology.TopologyNames.POOL_STORE + "-changelog";
    }

    /** True for a response mixer: it carries replies from services back towards clients. */
    public boolean isResponse() {
        return "RESPONSE".equals(role);
    }

    /** The strategy's name, the summary up to its parameters ({@code pool(t=1s,...)} → {@code pool}). */
    public String strategyName() {
        int paren = strategy.indexOf('(');
        return paren < 0 ? strategy : strategy.substring(0, paren);
    }
}
