package io.kafkamixnet.admin;

/** A topic could not be created, described or updated; the message says which and why. */
public final class TopicProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
