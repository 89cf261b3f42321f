package io.kafkamixnet.attack;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.envelope.DecodedEnvelope;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The harness's referee for the relay timing attack — never the adversary: it holds the peer mixer's
 * private keys and peels every record the mixer under attack relays to the peer, so it knows which record
 * is a real packet (it exits at the peer, carrying the sender's payload) and which a dummy (it is dropped
 * there). Used for the ground truth of trials, and to show the adversary its own calibration probes (what
 * it learns by running the same software with keys of its own). Thread-safe; {@link #close()} zeroes the
 * keys.
 */
final class RelayReferee implements AutoCloseable {

    private final Map<Long, MixPrivateKey> keys = new HashMap<>();
    private final Sphinx sphinx = new Sphinx(Geometry.defaults());
    private final PacketEnvelopeCodec envelopes =
            PacketEnvelopeCodec.forPacketSize(Geometry.defaults().packetSize());

    RelayReferee(List<MixPrivateKey> peerKeys) {
        for (MixPrivateKey k : peerKeys) {
            keys.put(k.epoch(), k);
        }
    }

    /**
     * The payload a relayed record delivers at the peer, or empty when it is not a real packet exiting there
     * (a dummy, or anything the peer would reject).
     */
    synchronized Optional<byte[]> exitPayload(byte[] recordValue) {
        DecodedEnvelope envelope;
        try {
            envelope = envelopes.decode(recordValue);
        } catch (EnvelopeDecodingException e) {
            return Optional.empty();
        }
        MixPrivateKey key = keys.get(envelope.epoch());
        if (key == null) {
            return Optional.empty();
        }
        if (sphinx.unwrap(key, envelope.packet()) instanceof UnwrapResult.Processed p
                && p.instruction().command() instanceof RoutingCommand.Exit) {
            return Optional.of(p.output());
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        keys.values().forEach(MixPrivateKey::destroy);
        keys.clear();
    }
}
