package io.kafkamixnet.directory;

import java.util.Objects;

/**
 * A descriptor whose signature verified with the identity key it names, and whose content is well
 * formed. Verification says nothing about trust: whether that identity may speak for the mixer id is
 * a {@link TrustPolicy} decision.
 */
public record VerifiedDescriptor(MixerInfo info) {

    public VerifiedDescriptor {
        Objects.requireNonNull(info, "info");
    }

    /** The identity that signed it (equal to {@code info().identityKey()}). */
    public byte[] identityKey() {
        return info.identityKey();
    }

    public String mixerId() {
        return info.mixerId();
    }
}
