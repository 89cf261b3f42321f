package io.kafkamixnet.attack;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.security.SecureRandom;
import java.util.List;

/**
 * Builds what a sender produces to the mixer under attack: a Sphinx packet of the product's default
 * geometry in a packet envelope, for a one-hop route that exits to {@link MixerUnderAttack#SERVICE} or
 * is dropped by the mixer (drop cover traffic, as the client SDK's cover loop sends), or for a two-hop
 * route through the mixer and its peer. Thread-safe.
 */
public final class PacketFactory {

    private final MixerUnderAttack mixer;
    private final Sphinx sphinx;
    private final PacketEnvelopeCodec envelopes;
    private final SecureRandom random;

    public PacketFactory(MixerUnderAttack mixer, SecureRandom random) {
        this.mixer = mixer;
        this.random = random;
        this.sphinx = new Sphinx(Geometry.defaults(), random);
        this.envelopes = PacketEnvelopeCodec.forPacketSize(sphinx.geometry().packetSize());
    }

    /** An enveloped packet that leaves the mixer on the exit topic carrying {@code payload}. */
    public synchronized byte[] exit(byte[] payload) {
        long now = System.currentTimeMillis();
        MixPublicKey key = mixer.publicKeyAt(now);
        HopInstruction exit = HopInstruction.exit(MixerUnderAttack.SERVICE, delay());
        byte[] packet = sphinx.createForwardPacket(List.of(new Hop(key, exit)), payload);
        return envelopes.encode(key.epoch(), packet);
    }

    /**
     * An enveloped packet of a two-hop route: the mixer under attack relays it to the peer mixer, which
     * exits it to {@link MixerUnderAttack#SERVICE} carrying {@code payload}. Keys of the epoch current now,
     * as a client reads them from the directory.
     *
     * @throws IllegalStateException if the mixer under attack runs without a peer
     */
    public synchronized byte[] relayExit(byte[] payload) {
        long now = System.currentTimeMillis();
        MixPublicKey key = mixer.publicKeyAt(now);
        MixPublicKey peerKey = mixer.peerPublicKeyAt(now);
        List<Hop> route = List.of(
                new Hop(key, HopInstruction.relay(mixer.peerId(), delay())),
                new Hop(peerKey, HopInstruction.exit(MixerUnderAttack.SERVICE, 0)));
        byte[] packet = sphinx.createForwardPacket(route, payload);
        return envelopes.encode(key.epoch(), packet);
    }

    /** An enveloped drop packet: the mixer holds and releases it like any other, then discards it. */
    public synchronized byte[] drop() {
        long now = System.currentTimeMillis();
        MixPublicKey key = mixer.publicKeyAt(now);
        byte[] packet = sphinx.createForwardPacket(List.of(new Hop(key, HopInstruction.drop(delay()))), new byte[] {0});
        return envelopes.encode(key.epoch(), packet);
    }

    private long delay() {
        return mixer.strategy().drawHopDelayMillis(random);
    }
}
