package io.kafkamixnet.packet;

import java.util.Objects;

/**
 * One hop of a route: the public key of the mixer and the instruction that mixer will read. For hop i
 * of n: {@code Relay(id of hop i+1)} when i &lt; n-1; at the last hop {@code Exit}, {@code Drop} (forward
 * packets) or {@code DeliverReply} (reply blocks).
 */
public record Hop(MixPublicKey key, HopInstruction instruction) {
    public Hop {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(instruction, "instruction");
    }
}
