package io.kafkamixnet.schemas.envelope;

import java.util.Objects;

/**
 * One envelope that passed every check of {@link PacketEnvelopeCodec#decode}.
 *
 * @param formatVersion the packet format version ({@link PacketEnvelopeCodec#FORMAT_VERSION})
 * @param epoch the key epoch the packet was built for
 * @param packet the Sphinx packet, exactly the codec's packet size; a fresh array owned by the caller
 */
public record DecodedEnvelope(int formatVersion, long epoch, byte[] packet) {

    public DecodedEnvelope {
        Objects.requireNonNull(packet, "packet");
    }

    /** Shows no packet bytes. */
    @Override
    public String toString() {
        return "DecodedEnvelope[format " + formatVersion + ", epoch " + epoch + ", " + packet.length + "-byte packet]";
    }
}
