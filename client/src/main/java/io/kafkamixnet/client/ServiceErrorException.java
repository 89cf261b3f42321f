package io.kafkamixnet.client;

/**
 * The service answered, through the reply blocks, that it could not handle the request: its handler
 * failed, rejected the request, or produced a reply larger than the request's reply blocks carry.
 * The message holds the text the service chose to send back (never generated from the request).
 */
public class ServiceErrorException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public ServiceErrorException(String message) {
        super(message);
    }
}
