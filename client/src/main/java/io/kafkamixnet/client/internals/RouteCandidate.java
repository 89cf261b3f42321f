package io.kafkamixnet.client.internals;

import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.packet.MixPublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A mixer a route may use in one epoch: its id (what the previous hop's Relay names), its ingress
 * topic (where a packet whose first hop it is gets produced), its public key of that epoch, when the
 * mixer stops accepting that epoch (end of grace), the links its descriptor announces (empty when
 * the descriptor predates links: see {@link #linksTo} and {@link #exitsTo}), and whether its
 * descriptor reports a raised heartbeat alarm ({@link RouteSelector} avoids such mixers when it can).
 */
public record RouteCandidate(
        String mixerId,
        String ingressTopic,
        MixPublicKey key,
        long graceUntilMillis,
        Optional<MixerLinks> links,
        boolean heartbeatAlarm) {
    public RouteCandidate {
        Objects.requireNonNull(mixerId, "mixerId");
        Objects.requireNonNull(ingressTopic, "ingressTopic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(links, "links");
    }

    /** A candidate whose descriptor reports no heartbeat alarm. */
    public RouteCandidate(
            String mixerId, String ingressTopic, MixPublicKey key, long graceUntilMillis, Optional<MixerLinks> links) {
        this(mixerId, ingressTopic, key, graceUntilMillis, links, false);
    }

    /** A candidate whose descriptor does not announce links (a version 1 descriptor). */
    public RouteCandidate(String mixerId, String ingressTopic, MixPublicKey key, long graceUntilMillis) {
        this(mixerId, ingressTopic, key, graceUntilMillis, Optional.empty());
    }

    /**
     * Whether a route may go from this mixer to {@code next}: this mixer announces {@code next} as a next
     * hop. A mixer that announces no links at all (descriptor version 1, written before links existed)
     * is taken to relay to every mixer of its role, as clients did before links were announced: nothing
     * says such a packet will be refused, and refusing old mixers would leave no route during a rolling
     * upgrade (docs/directory.md, "Links and routes").
     */
    public boolean linksTo(RouteCandidate next) {
        return links.map(l -> l.relaysTo(next.mixerId())).orElse(true);
    }

    /** Whether this mixer can end a request's route at {@code service}; as {@link #linksTo} for old descriptors. */
    public boolean exitsTo(String service) {
        return links.map(l -> l.exitsTo(service)).orElse(true);
    }

    @Override
    public String toString() {
        return "RouteCandidate[epoch=" + key.epoch() + "]";
    }
}
