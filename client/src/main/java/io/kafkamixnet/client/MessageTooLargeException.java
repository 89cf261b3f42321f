package io.kafkamixnet.client;

/** A request or reply is over the size limit of {@link MessageLimits}. */
public class MessageTooLargeException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message);
    }
}
