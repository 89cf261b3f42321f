package io.kafkamixnet.client.frame;

/**
 * Bytes that are not a valid request or reply frame. The message says which rule failed with the
 * expected and found values; it never contains frame bytes.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
