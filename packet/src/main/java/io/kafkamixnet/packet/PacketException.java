package io.kafkamixnet.packet;

/**
 * A packet, reply block or key could not be used: malformed bytes or a failed integrity check.
 * Messages state what was expected and what was found, and never contain key material, routes or
 * payload bytes.
 */
public class PacketException extends Exception {

    public PacketException(String message) {
        super(message);
    }

    public PacketException(String message, Throwable cause) {
        super(message, cause);
    }
}
