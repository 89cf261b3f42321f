package io.kafkamixnet.client;

/** The client was closed before the reply arrived, or a request was made on a closed client. */
public class MixnetClosedException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public MixnetClosedException(String message) {
        super(message);
    }
}
