package io.kafkamixnet.packet;

import java.util.Objects;

/**
 * What one mixer reads when it peels its layer: how long to hold the packet (for continuous mixing;
 * 0 for the other strategies) and what to do with it.
 *
 * @param delayMillis hold time in milliseconds, 0..2^32-1 (encoded as an unsigned 32-bit integer)
 * @param command     the routing command
 */
public record HopInstruction(long delayMillis, RoutingCommand command) {

    public static final long MAX_DELAY_MILLIS = 0xFFFF_FFFFL;

    public HopInstruction {
        if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("delayMillis must be 0.." + MAX_DELAY_MILLIS + ", found " + delayMillis);
        }
        Objects.requireNonNull(command, "command");
    }

    public static HopInstruction relay(String mixerId, long delayMillis) {
        return new HopInstruction(delayMillis, new RoutingCommand.Relay(mixerId));
    }

    public static HopInstruction exit(String service, long delayMillis) {
        return new HopInstruction(delayMillis, new RoutingCommand.Exit(service));
    }

    public static HopInstruction deliverReply(SurbId surbId, long delayMillis) {
        return new HopInstruction(delayMillis, new RoutingCommand.DeliverReply(surbId));
    }

    public static HopInstruction drop(long delayMillis) {
        return new HopInstruction(delayMillis, new RoutingCommand.Drop());
    }
}
