package io.kafkamixnet.client;

/**
 * Base of every error the mixnet client and service library report. Messages state what was
 * expected and what was found; they never contain payload bytes, routes, keys or SURBs.
 */
public class MixnetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MixnetException(String message) {
        super(message);
    }

    public MixnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
