package io.kafkamixnet.cli.send;

import io.kafkamixnet.client.InvalidDirectoryException;
import io.kafkamixnet.client.MixnetTimeoutException;
import io.kafkamixnet.client.NoRouteException;
import io.kafkamixnet.client.ServiceErrorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How one request of {@code mixnet send} ended, and the exit code that says so. Exit code 2 is taken:
 * picocli's usage errors.
 */
public enum SendOutcome {
    /** The whole reply arrived. */
    OK(0, "ok"),
    /** Anything else: producing failed, the client could not start or read replies, a bad reply. */
    FAILED(1, "failed"),
    /** No complete reply before the deadline ({@code --timeout}, or the end of the key epoch's grace). */
    TIMEOUT(3, "timeout"),
    /**
     * The directory gave no route: too few trusted mixers with current keys, or no last mixer that
     * announces the service (an unknown service name), or an unusable directory.
     */
    NO_ROUTE(4, "no-route"),
    /** The service answered with an error: it refused the request, failed, or the reply was too large. */
    REFUSED(5, "refused");

    private final int exitCode;
    private final String label;

    SendOutcome(int exitCode, String label) {
        this.exitCode = exitCode;
        this.label = label;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The word printed in summaries and JSON ({@code ok}, {@code timeout}, {@code no-route}, ...). */
    public String label() {
        return label;
    }

    /** The outcome of a request that failed with {@code error} (unwrapping future wrappers). */
    public static SendOutcome of(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof MixnetTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof NoRouteException || e instanceof InvalidDirectoryException) {
            return NO_ROUTE;
        }
        if (e instanceof ServiceErrorException) {
            return REFUSED;
        }
        return FAILED;
    }

    /** The error's own message, without the future wrappers' class names. */
    public static String message(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
