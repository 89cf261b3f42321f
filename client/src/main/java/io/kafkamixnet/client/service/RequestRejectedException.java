package io.kafkamixnet.client.service;

/**
 * Thrown by a {@link RequestHandler} to refuse a request with a reason the client may read. The message
 * is sent back through the SURB as it is (UTF-8, cut to what one reply packet carries): never put
 * secrets or other users' data into it.
 */
public class RequestRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RequestRejectedException(String messageForTheClient) {
        super(messageForTheClient);
    }
}
