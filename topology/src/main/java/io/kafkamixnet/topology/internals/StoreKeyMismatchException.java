package io.kafkamixnet.topology.internals;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * Held entries do not open under this instance's pool store key. Fatal for the instance:
 * continuing would drop every held packet. The message names the task and mixer, never a key or
 * value byte.
 */
public final class StoreKeyMismatchException extends StreamsException {
    private static final long serialVersionUID = 1L;

    public StoreKeyMismatchException(String message) {
        super(message);
    }

    /** Whether {@code e} or one of its causes is a store key mismatch. */
    public static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreKeyMismatchException) {
                return true;
            }
        }
        return false;
    }
}
