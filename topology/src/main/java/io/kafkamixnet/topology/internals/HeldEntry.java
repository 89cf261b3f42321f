package io.kafkamixnet.topology.internals;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.SurbId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One held packet after its layer was peeled: what goes out at release, where, and when it came.
 *
 * <p>Encoded to a fixed size per geometry ({@link #encodedSize(Geometry)}), whatever the command
 * and the output length, so that sealed entries in the changelog all look the same: an exit
 * payload's length would otherwise link a pool entry to the exit record it becomes.
 *
 * <pre>
 *   version (1) = 1 | epoch (8) | arrivedAt (8) | releaseAt (8) | command type (1) | id length (1)
 *   | id or SURB id, zero-padded to 58 | output length (4) | output, zero-padded to packetSize
 * </pre>
 *
 * @param epoch           key epoch of the packet (forwarded unchanged)
 * @param arrivedAtMillis wall-clock time it entered the pool
 * @param releaseAtMillis when it is due, as the release policy's {@code releaseAtMillis} set it
 *                        (continuous mixing: arrival plus the hop delay; other strategies: arrival)
 * @param command         what to do with the output at release
 * @param output          the next-hop packet, exit plaintext, or reply block; empty for Drop
 */
public record HeldEntry(long epoch, long arrivedAtMillis, long releaseAtMillis, RoutingCommand command, byte[] output) {

    private static final byte VERSION = 1;
    private static final byte RELAY = 1;
    private static final byte EXIT = 2;
    private static final byte DELIVER_REPLY = 3;
    private static final byte DROP = 4;
    private static final int FIXED = 1 + 8 + 8 + 8 + 1 + 1 + Geometry.MAX_ID_LENGTH + 4;

    public HeldEntry {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(output, "output");
    }

    /** Bytes of every encoded entry of {@code geometry}. */
    public static int encodedSize(Geometry geometry) {
        return FIXED + geometry.packetSize();
    }

    /** The fixed-size encoding; {@code output} must be at most {@code geometry.packetSize()} bytes. */
    public byte[] encode(Geometry geometry) {
        if (output.length > geometry.packetSize()) {
            throw new IllegalArgumentException(
                    "a held output has at most " + geometry.packetSize() + " bytes, found " + output.length);
        }
        ByteBuffer b = ByteBuffer.allocate(encodedSize(geometry));
        b.put(VERSION).putLong(epoch).putLong(arrivedAtMillis).putLong(releaseAtMillis);
        byte[] id;
        if (command instanceof RoutingCommand.Relay r) {
            b.put(RELAY);
            id = r.mixerId().getBytes(StandardCharsets.UTF_8);
        } else if (command instanceof RoutingCommand.Exit e) {
            b.put(EXIT);
            id = e.service().getBytes(StandardCharsets.UTF_8);
        } else if (command instanceof RoutingCommand.DeliverReply d) {
            b.put(DELIVER_REPLY);
            id = d.surbId().bytes();
        } else {
            b.put(DROP);
            id = new byte[0];
        }
        b.put((byte) id.length).put(id).position(b.position() + Geometry.MAX_ID_LENGTH - id.length);
        b.putInt(output.length).put(output);
        return b.array();
    }

    /** Decodes {@link #encode}'s output. */
    public static HeldEntry decode(Geometry geometry, byte[] encoded) {
        if (encoded.length != encodedSize(geometry)) {
            throw new IllegalArgumentException(
                    "expected a held entry of " + encodedSize(geometry) + " bytes, found " + encoded.length);
        }
        ByteBuffer b = ByteBuffer.wrap(encoded);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("expected held entry version " + VERSION + ", found " + version);
        }
        long epoch = b.getLong();
        long arrived = b.getLong();
        long release = b.getLong();
        byte type = b.get();
        int idLength = b.get() & 0xff;
        if (idLength > Geometry.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "held entry id length must be <= " + Geometry.MAX_ID_LENGTH + ", found " + idLength);
        }
        byte[] id = new byte[idLength];
        b.get(id);
        b.position(b.position() + Geometry.MAX_ID_LENGTH - idLength);
        int outLength = b.getInt();
        if (outLength < 0 || outLength > geometry.packetSize()) {
            throw new IllegalArgumentException(
                    "held entry output length must be 0.." + geometry.packetSize() + ", found " + outLength);
        }
        byte[] output = new byte[outLength];
        b.get(output);
        RoutingCommand command = switch (type) {
            case RELAY -> new RoutingCommand.Relay(new String(id, StandardCharsets.UTF_8));
            case EXIT -> new RoutingCommand.Exit(new String(id, StandardCharsets.UTF_8));
            case DELIVER_REPLY -> new RoutingCommand.DeliverReply(SurbId.of(id));
            case DROP -> new RoutingCommand.Drop();
            default -> throw new IllegalArgumentException("unknown held entry command type " + type);
        };
        return new HeldEntry(epoch, arrived, release, command, output);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldEntry h
                && h.epoch == epoch
                && h.arrivedAtMillis == arrivedAtMillis
                && h.releaseAtMillis == releaseAtMillis
                && h.command.equals(command)
                && java.util.Arrays.equals(h.output, output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, arrivedAtMillis, releaseAtMillis, command) * 31 + java.util.Arrays.hashCode(output);
    }

    @Override
    public String toString() {
        return "HeldEntry[epoch=" + epoch + ", command=" + command.getClass().getSimpleName() + ", output="
                + output.length + " bytes]";
    }
}
