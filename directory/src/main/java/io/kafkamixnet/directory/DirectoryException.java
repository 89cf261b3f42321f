package io.kafkamixnet.directory;

/** The directory topic could not be written or read (the cause says why). Never carries key material. */
public final class DirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
