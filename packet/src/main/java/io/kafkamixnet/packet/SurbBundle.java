package io.kafkamixnet.packet;

import java.util.Objects;

/**
 * A freshly made reply block: the {@link Surb} travels to the service inside the request; the
 * {@link SurbSecret} stays with the client, stored under {@link SurbSecret#id()} until the reply comes
 * back or the SURB's epoch expires.
 */
public record SurbBundle(Surb surb, SurbSecret secret) {
    public SurbBundle {
        Objects.requireNonNull(surb, "surb");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "SurbBundle[" + surb + ", " + secret + "]";
    }
}
