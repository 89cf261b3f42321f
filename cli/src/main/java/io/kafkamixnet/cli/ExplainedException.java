package io.kafkamixnet.cli;

/**
 * A failure whose message already says what was expected, what was found and what to do: the command
 * prints it as it is, without the generic {@link AuthorizationHint} a Kafka error in its causes would
 * otherwise add (and which would then be about something else).
 */
final class ExplainedException extends RuntimeException {

    ExplainedException(String message, Throwable cause) {
        super(message, cause);
    }
}
