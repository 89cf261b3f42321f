package io.kafkamixnet.topology.cover;

import java.util.Objects;

/**
 * A packet this mixer built itself, ready to leave towards {@code firstHop}: a dummy or a loop.
 *
 * @param firstHop the mixer id of the route's first hop (one of this mixer's next hops)
 * @param epoch    the epoch of every key on the route
 * @param packet   the Sphinx packet, the network's packet size
 */
public record CoverPacket(String firstHop, long epoch, byte[] packet) {
    public CoverPacket {
        Objects.requireNonNull(firstHop, "firstHop");
        Objects.requireNonNull(packet, "packet");
    }

    @Override
    public String toString() {
        return "CoverPacket[epoch=" + epoch + ", " + packet.length + " bytes]";
    }
}
