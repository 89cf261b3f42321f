package io.kafkamixnet.packet;

/**
 * The fixed shape of every Sphinx packet in a network: how many hops a header can carry and how many
 * bytes a packet has in total. Every packet of a geometry has exactly {@link #packetSize()} bytes,
 * whatever its route length, so the size reveals nothing.
 *
 * <p>Layout (see {@code docs/packet-format.md}):
 * <pre>
 *   packet  = header || payload                         packetSize bytes
 *   header  = alpha (32) || beta (maxHops * 96) || gamma (32)
 *   payload = Lioness block of payloadSize() bytes
 * </pre>
 * The default, {@link #defaults()}, is 5 hops and 2048 bytes: a 544-byte header and a 1504-byte
 * payload block, of which 1484 bytes are user data in a forward packet or a reply.
 *
 * <p>Immutable and validated: an instance always describes a usable geometry.
 */
public final class Geometry {

    /** Bytes of an X25519 group element (alpha). */
    public static final int GROUP_ELEMENT_LENGTH = 32;
    /** Bytes of the header MAC (gamma): full, untruncated HMAC-SHA256. */
    public static final int MAC_LENGTH = 32;
    /** Bytes of one hop's routing command inside the routing information. */
    public static final int COMMAND_LENGTH = 64;
    /** Bytes of one hop's slot in the routing information: command plus the next hop's MAC. */
    public static final int PER_HOP_ROUTING_LENGTH = COMMAND_LENGTH + MAC_LENGTH;
    /** Maximum UTF-8 bytes of a mixer id or service name: the command slot less type, delay and length bytes. */
    public static final int MAX_ID_LENGTH = COMMAND_LENGTH - 1 - 4 - 1;
    /** Zero bytes at the start of a plaintext payload block, checked at the exit (integrity tag). */
    public static final int PAYLOAD_ZERO_PREFIX = 16;
    /** Bytes of the length field that follows the zero prefix in a plaintext payload block. */
    public static final int PAYLOAD_LENGTH_FIELD = 4;
    /** Largest supported route. */
    public static final int MAX_SUPPORTED_HOPS = 16;
    /** Largest supported packet. */
    public static final int MAX_PACKET_SIZE = 1 << 20;
    /** Smallest payload block: Lioness needs 32 bytes on the left and some on the right. */
    public static final int MIN_PAYLOAD_SIZE = 64;

    private static final Geometry DEFAULTS = new Geometry(5, 2048);

    private final int maxHops;
    private final int packetSize;

    private Geometry(int maxHops, int packetSize) {
        if (maxHops < 1 || maxHops > MAX_SUPPORTED_HOPS) {
            throw new IllegalArgumentException(
                    "maxHops must be between 1 and " + MAX_SUPPORTED_HOPS + ", found " + maxHops);
        }
        if (packetSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException(
                    "packetSize must be at most " + MAX_PACKET_SIZE + " bytes, found " + packetSize);
        }
        int header = headerSize(maxHops);
        if (packetSize < header + MIN_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("packetSize must be at least " + (header + MIN_PAYLOAD_SIZE)
                    + " bytes for " + maxHops + " hops (header " + header + " + payload " + MIN_PAYLOAD_SIZE
                    + "), found " + packetSize);
        }
        this.maxHops = maxHops;
        this.packetSize = packetSize;
    }

    /** The network default: 5 hops, 2048-byte packets. */
    public static Geometry defaults() {
        return DEFAULTS;
    }

    /**
     * A geometry for routes of up to {@code maxHops} hops (1..16) and packets of {@code packetSize}
     * bytes in total (at most 1 MiB, and large enough for the header plus a 64-byte payload block).
     */
    public static Geometry of(int maxHops, int packetSize) {
        if (maxHops == DEFAULTS.maxHops && packetSize == DEFAULTS.packetSize) {
            return DEFAULTS;
        }
        return new Geometry(maxHops, packetSize);
    }

    private static int headerSize(int maxHops) {
        return GROUP_ELEMENT_LENGTH + maxHops * PER_HOP_ROUTING_LENGTH + MAC_LENGTH;
    }

    public int maxHops() {
        return maxHops;
    }

    /** Total bytes of every packet. */
    public int packetSize() {
        return packetSize;
    }

    /** Bytes of the Sphinx header: alpha, routing information and MAC. */
    public int headerSize() {
        return headerSize(maxHops);
    }

    /** Bytes of the routing information (beta): maxHops slots of 96 bytes. */
    public int routingInfoSize() {
        return maxHops * PER_HOP_ROUTING_LENGTH;
    }

    /** Bytes of the Sphinx payload block (everything after the header). */
    public int payloadSize() {
        return packetSize - headerSize();
    }

    /** User bytes a forward packet carries: the payload block less the zero prefix and length field. */
    public int forwardPayloadCapacity() {
        return payloadSize() - PAYLOAD_ZERO_PREFIX - PAYLOAD_LENGTH_FIELD;
    }

    /** User bytes a reply carries through a SURB: the same layout as a forward payload. */
    public int replyPayloadCapacity() {
        return payloadSize() - PAYLOAD_ZERO_PREFIX - PAYLOAD_LENGTH_FIELD;
    }

    /** Maximum UTF-8 bytes of a mixer id or service name in a routing command (58). */
    public int maxIdLength() {
        return MAX_ID_LENGTH;
    }

    /** Largest {@link Surb#toBytes()} of this geometry (first-hop id of maximum length). */
    public int maxSurbSize() {
        return Surb.encodedSize(headerSize(), MAX_ID_LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && g.maxHops == maxHops && g.packetSize == packetSize;
    }

    @Override
    public int hashCode() {
        return 31 * maxHops + packetSize;
    }

    @Override
    public String toString() {
        return "Geometry[maxHops=" + maxHops + ", packetSize=" + packetSize + ", headerSize=" + headerSize()
                + ", payloadSize=" + payloadSize() + "]";
    }
}
