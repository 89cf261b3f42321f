package io.kafkamixnet.client;

/**
 * The directory could not be used to pack a request: the snapshot source the client was given failed
 * or returned no snapshot, or an entry it lists was refused while building a packet (for example a key
 * the packet module does not accept). Nothing was sent; the request's SURB secrets, if any were made,
 * are destroyed. The message names what failed, never a route or a key.
 *
 * <p>A directory read by {@link io.kafkamixnet.directory.DirectoryReader} validates every field of
 * every descriptor before listing it, so with the client's own reader this means a bug; with a caller's
 * {@code directory(Supplier)} it usually means the supplier broke.
 */
public class InvalidDirectoryException extends MixnetException {
    private static final long serialVersionUID = 1L;

    public InvalidDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
