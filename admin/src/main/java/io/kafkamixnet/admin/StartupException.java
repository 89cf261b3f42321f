package io.kafkamixnet.admin;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A start-up step did not succeed: {@link StartupRetry} gave up after its timeout (the message says
 * what was being done, what was expected, how long and how often it was tried, and the last error,
 * which is also the cause), or the step failed with a checked error that is not retried, or the
 * thread was interrupted.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    StartupException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StartupException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /** True if the step kept failing with transient errors until the timeout. */
    public boolean timedOut() {
        return timedOut;
    }

    static StartupException gaveUp(
            String action,
            String expectation,
            int attempts,
            Duration elapsed,
            Duration timeout,
            String setting,
            Throwable last) {
        Throwable cause = unwrap(last);
        return new StartupException(
                "Gave up trying to " + action + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                        + " in " + seconds(elapsed) + ": expected " + expectation + ", but the cluster kept answering"
                        + " with transient errors, the last one: " + describe(cause)
                        + ". If the cluster is only slow to become ready, raise " + setting + " (now "
                        + seconds(timeout) + ").",
                cause,
                true);
    }

    /** The error inside {@link ExecutionException} and {@link CompletionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** {@code SimpleName: message}, with the messages of its causes when they add something. */
    static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            s.append(": ").append(t.getMessage());
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
            if (c.getMessage() != null && !s.toString().contains(c.getMessage())) {
                s.append(" (caused by ")
                        .append(c.getClass().getSimpleName())
                        .append(": ")
                        .append(c.getMessage())
                        .append(')');
            }
        }
        return s.toString();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
