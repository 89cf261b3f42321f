package io.kafkamixnet.packet;

import java.util.Objects;

/**
 * A forward packet and the replay tag its last hop will compute when it peels it
 * ({@link Sphinx#createTaggedForwardPacket}).
 *
 * @param packet           the packet, {@link Geometry#packetSize()} bytes
 * @param lastHopReplayTag 32 bytes; secret: whoever holds it can recognise the packet at its last hop
 */
public record TaggedPacket(byte[] packet, byte[] lastHopReplayTag) {
    public TaggedPacket {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(lastHopReplayTag, "lastHopReplayTag");
    }

    @Override
    public String toString() {
        return "TaggedPacket[" + packet.length + " bytes]";
    }
}
