package io.kafkamixnet.client.internals;

import io.kafkamixnet.packet.MixPublicKey;
import java.util.Objects;

/**
 * A mixer a route may use in one epoch: its id (what the previous hop's Relay names), its ingress
 * topic (where a packet whose first hop it is gets produced), its public key of that epoch, and when
 * the mixer stops accepting that epoch (end of grace).
 */
public record RouteCandidate(String mixerId, String ingressTopic, MixPublicKey key, long graceUntilMillis) {
    public RouteCandidate {
        Objects.requireNonNull(mixerId, "mixerId");
        Objects.requireNonNull(ingressTopic, "ingressTopic");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "RouteCandidate[epoch=" + key.epoch() + "]";
    }
}
