package io.kafkamixnet.client;

/**
 * The whole reply did not arrive before the request's deadline (its timeout, or the end of the
 * grace period of the epoch its reply blocks were built for, whichever came first). The reply
 * block secrets have been destroyed: a late reply is counted and ignored.
 */
public class MixnetTimeoutException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public MixnetTimeoutException(String message) {
        super(message);
    }
}
