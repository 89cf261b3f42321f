package io.kafkamixnet.client;

/**
 * The directory does not list enough trusted mixers with keys of the current epoch to build the
 * route the client is configured for (for example two distinct forward mixers and one response mixer).
 */
public class NoRouteException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public NoRouteException(String message) {
        super(message);
    }
}
