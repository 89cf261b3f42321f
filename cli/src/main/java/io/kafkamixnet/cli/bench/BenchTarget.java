package io.kafkamixnet.cli.bench;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixPublicKey;
import java.util.Objects;

/**
 * What a flooder knows of the mixer under test, all of it public: the ingress topic and its partition
 * count, the packet geometry, the epoch key the mixer announced in its descriptor, and the id of a next hop
 * the mixer relays to (with that hop's public key, so relay packets are real two-hop packets).
 *
 * @param ingressTopic        the mixer's ingress topic
 * @param ingressPartitions   its partition count (at least 1)
 * @param geometry            the network's packet geometry (packet size, header size)
 * @param mixerKey            the mixer's announced X25519 key of the current epoch
 * @param nextHopId           a next hop the mixer is configured to relay to
 * @param nextHopKey          that hop's public key (of any epoch: the mixer never checks it)
 */
public record BenchTarget(
        String ingressTopic,
        int ingressPartitions,
        Geometry geometry,
        MixPublicKey mixerKey,
        String nextHopId,
        MixPublicKey nextHopKey) {

    public BenchTarget {
        Objects.requireNonNull(ingressTopic, "ingressTopic");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(mixerKey, "mixerKey");
        Objects.requireNonNull(nextHopId, "nextHopId");
        Objects.requireNonNull(nextHopKey, "nextHopKey");
        if (ingressPartitions < 1) {
            throw new IllegalArgumentException("expected at least 1 ingress partition, found " + ingressPartitions);
        }
    }

    /** The packet size, in bytes. */
    public int packetSize() {
        return geometry.packetSize();
    }

    /** The epoch of the announced key: the epoch every real packet's envelope claims. */
    public long epoch() {
        return mixerKey.epoch();
    }
}
