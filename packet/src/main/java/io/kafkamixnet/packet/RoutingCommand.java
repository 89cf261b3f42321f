package io.kafkamixnet.packet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What one mixer does with a packet after peeling its layer. Encoded in a 64-byte command slot of the
 * routing information (see {@code docs/packet-format.md}). Identifiers are non-empty UTF-8 strings of
 * at most {@link Geometry#MAX_ID_LENGTH} bytes. {@code toString()} hides identifiers: a route is never
 * logged.
 */
public sealed interface RoutingCommand
        permits RoutingCommand.Relay, RoutingCommand.Exit, RoutingCommand.DeliverReply, RoutingCommand.Drop {

    /** Pass the peeled packet to the mixer with this id (its ingress topic). */
    record Relay(String mixerId) implements RoutingCommand {
        public Relay {
            checkId("mixerId", mixerId);
        }

        @Override
        public String toString() {
            return "Relay[mixerId=<hidden>]";
        }
    }

    /** Last hop of a forward packet: hand the verified plaintext payload to this configured service. */
    record Exit(String service) implements RoutingCommand {
        public Exit {
            checkId("service", service);
        }

        @Override
        public String toString() {
            return "Exit[service=<hidden>]";
        }
    }

    /** Last hop of a reply: deliver the reply payload block to the client inbox, tagged with this SURB id. */
    record DeliverReply(SurbId surbId) implements RoutingCommand {
        public DeliverReply {
            Objects.requireNonNull(surbId, "surbId");
        }

        @Override
        public String toString() {
            return "DeliverReply[surbId=<hidden>]";
        }
    }

    /** Last hop of a dummy or cover packet: discard it. */
    record Drop() implements RoutingCommand {}

    /** True for the commands that end a route (everything but {@link Relay}). */
    default boolean isTerminal() {
        return !(this instanceof Relay);
    }

    private static void checkId(String what, String id) {
        Objects.requireNonNull(id, what);
        int len = id.getBytes(StandardCharsets.UTF_8).length;
        if (len == 0 || len > Geometry.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be 1.." + Geometry.MAX_ID_LENGTH + " UTF-8 bytes, found " + len);
        }
        if (hasSurrogate(id) && !StandardCharsets.UTF_8.newEncoder().canEncode(id)) {
            throw new IllegalArgumentException(what + " must be valid Unicode, found an unpaired surrogate");
        }
    }

    /** Fast path: most ids are BMP-only, and only surrogates can make a Java string invalid Unicode. */
    private static boolean hasSurrogate(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (Character.isSurrogate(id.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
