package io.kafkamixnet.packet;

/** Why a mixer could not process a packet. No reason ever carries packet content. */
public enum RejectReason {
    /** The input is not exactly {@link Geometry#packetSize()} bytes (truncated, oversized, empty, null). */
    WRONG_SIZE,
    /**
     * The header MAC does not verify under this key: the packet was modified, built for another key or
     * epoch, or is garbage. Also used when the group element is invalid (a low-order point).
     */
    BAD_MAC,
    /** The MAC verified but the routing command cannot be parsed (unknown type, bad length, bad UTF-8). */
    MALFORMED_COMMAND,
    /** At the exit, the payload failed its integrity check after the wide-block decryption (tagging). */
    BAD_PAYLOAD
}
