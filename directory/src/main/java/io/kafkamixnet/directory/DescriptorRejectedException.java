package io.kafkamixnet.directory;

import java.util.Objects;

/**
 * A directory record that must be ignored, with the {@link Rejection} to count. Its message states what
 * was expected and what was found, and never contains record bytes or key material, so it is safe to log.
 */
public final class DescriptorRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Rejection reason;

    public DescriptorRejectedException(Rejection reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Rejection reason() {
        return reason;
    }
}
