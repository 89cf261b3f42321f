package io.kafkamixnet.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a component waits out a cluster that is not ready yet while it starts: a step (create a topic,
 * describe it, read a topic to its end, publish a record) is retried while it fails with a transient
 * error, with exponential backoff and jitter, for at most {@link #timeout()}; then it fails with a
 * {@link StartupException} that says what was being done, what was expected, how long and how often
 * it was tried, and the last error (as its message and cause).
 *
 * <p>A busy or just-started cluster answers a request right after a topic was created with "This
 * server does not host this topic-partition", a controller move with "not controller", a broker still
 * registering with "leader not available" or too few brokers for a replication factor, a slow one
 * with a timeout. None of these is a reason for a component to die at start; waiting a few seconds
 * is. Errors that waiting cannot fix (authorization, invalid configuration, a topic that exists with
 * the wrong settings) are not retried: see {@link TransientKafkaErrors}.
 *
 * <p>The policy itself knows nothing of Kafka: which errors are transient is a predicate
 * ({@link #retryingOn}); time and sleeping can be replaced for tests. Immutable and thread-safe; one
 * {@link #call} is one retry loop on the calling thread.
 *
 * <p>A healthy cluster costs nothing: the first attempt runs at once, and a step that succeeds is
 * never delayed.
 */
public final class StartupRetry {

    /** Default of {@link #timeout()}: one minute, enough for a broker that is still starting. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** First backoff: short, because the usual transient error (metadata propagation) lasts milliseconds. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Longest backoff between two attempts. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * The least time an attempt is given, even when the deadline is closer: the last attempt would
     * otherwise be given no time at all. An attempt that blocks is told {@code max(remaining, this)}.
     */
    public static final Duration MIN_ATTEMPT_TIME = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);

    private final Duration timeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Predicate<Throwable> retriable;
    private final String setting;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    /** {@link #nanoTime} at which the shared deadline's timeout started; null: each call has its own. */
    private final Long origin;

    private StartupRetry(
            Duration timeout,
            Duration initialBackoff,
            Duration maxBackoff,
            Predicate<Throwable> retriable,
            String setting,
            LongSupplier nanoTime,
            Sleeper sleeper,
            DoubleSupplier jitter,
            Long origin) {
        this.timeout = nonNegative(timeout, "timeout");
        this.initialBackoff = positive(initialBackoff, "initial backoff");
        this.maxBackoff = positive(maxBackoff, "max backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "max backoff must be at least the initial backoff " + initialBackoff + ", found " + maxBackoff);
        }
        this.retriable = Objects.requireNonNull(retriable, "retriable");
        this.setting = Objects.requireNonNull(setting, "setting");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.origin = origin;
    }

    /** {@link #DEFAULT_TIMEOUT}, default backoff, retrying {@link TransientKafkaErrors#isTransient transient Kafka errors}. */
    public static StartupRetry defaults() {
        return of(DEFAULT_TIMEOUT);
    }

    /**
     * Retries transient Kafka errors for at most {@code timeout} (zero: one attempt, no retry), with the
     * default backoff.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static StartupRetry of(Duration timeout) {
        return new StartupRetry(
                timeout,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                TransientKafkaErrors::isTransient,
                "the start-up timeout",
                System::nanoTime,
                d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000)),
                () -> ThreadLocalRandom.current().nextDouble(),
                null);
    }

    /** A copy that gives up after {@code timeout}. */
    public StartupRetry withTimeout(Duration timeout) {
        return new StartupRetry(
                timeout, initialBackoff, maxBackoff, retriable, setting, nanoTime, sleeper, jitter, origin);
    }

    /**
     * A copy whose backoff starts at {@code initial} and doubles up to {@code max}; each sleep is drawn
     * uniformly from the upper half of the current backoff (jitter, so that components started together
     * do not retry in lockstep).
     */
    public StartupRetry withBackoff(Duration initial, Duration max) {
        return new StartupRetry(timeout, initial, max, retriable, setting, nanoTime, sleeper, jitter, origin);
    }

    /** A copy that retries exactly the errors {@code retriable} accepts (it sees the error as thrown). */
    public StartupRetry retryingOn(Predicate<Throwable> retriable) {
        return new StartupRetry(
                timeout, initialBackoff, maxBackoff, retriable, setting, nanoTime, sleeper, jitter, origin);
    }

    /**
     * A copy whose final error names the setting that bounds it (e.g. {@code startup.retry.timeout}),
     * so the user knows what to raise.
     */
    public StartupRetry describedAs(String settingName) {
        return new StartupRetry(
                timeout, initialBackoff, maxBackoff, retriable, settingName, nanoTime, sleeper, jitter, origin);
    }

    /** A copy with another clock ({@link System#nanoTime()} semantics), sleeper and jitter source in [0, 1): for tests. */
    StartupRetry withTime(LongSupplier nanoTime, Sleeper sleeper, DoubleSupplier jitter) {
        return new StartupRetry(
                timeout, initialBackoff, maxBackoff, retriable, setting, nanoTime, sleeper, jitter, origin);
    }

    /**
     * A copy whose calls all share one deadline, {@link #timeout()} from now: for a start-up of several
     * steps bounded by one setting (a client's directory, inbox and topics within its start timeout).
     * Each call still makes at least one attempt; one that starts after the deadline gives up after it.
     */
    public StartupRetry startingNow() {
        return new StartupRetry(
                timeout,
                initialBackoff,
                maxBackoff,
                retriable,
                setting,
                nanoTime,
                sleeper,
                jitter,
                nanoTime.getAsLong());
    }

    /**
     * Time left before the deadline of a call made now: {@link #timeout()} for a policy without a shared
     * deadline, what is left of it after {@link #startingNow()} (zero once it has passed).
     */
    public Duration remaining() {
        if (origin == null) {
            return timeout;
        }
        long left = origin + timeout.toNanos() - nanoTime.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The setting that bounds this policy, as its final error names it. */
    public String setting() {
        return setting;
    }

    /** Longest time a {@link #call} keeps retrying; it may overrun by one attempt of at most {@link #MIN_ATTEMPT_TIME} or its own timeout. */
    public Duration timeout() {
        return timeout;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Whether this policy retries {@code error}. */
    public boolean isRetriable(Throwable error) {
        return retriable.test(error);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with an error this policy does not retry, or the
     * timeout has passed.
     *
     * @param action what is being done, as a verb phrase ("describe the ingress topic t of mixer m")
     * @param expectation what success needs, as a noun phrase ("topic t to exist and be described")
     * @param attempt one attempt; it is given the time left before the deadline (at least
     *     {@link #MIN_ATTEMPT_TIME}) to bound its own blocking calls
     * @return what the successful attempt returned
     * @throws StartupException if the timeout passed while the errors were transient (the last one is
     *     the cause), if the attempt failed with a checked error that is not retried (the cause), or if
     *     the thread was interrupted while waiting (the interrupt flag is set again)
     * @throws RuntimeException the attempt's own unchecked error, unchanged, if it is not retried
     */
    public <T> T call(String action, String expectation, Attempt<T> attempt) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(attempt, "attempt");
        long start = nanoTime.getAsLong();
        long deadline = (origin != null ? origin : start) + timeout.toNanos();
        long backoffNanos = initialBackoff.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            long now = nanoTime.getAsLong();
            Duration left = Duration.ofNanos(Math.max(deadline - now, MIN_ATTEMPT_TIME.toNanos()));
            Exception failure;
            try {
                T result = attempt.attempt(left);
                if (attempts > 1) {
                    LOG.info(
                            "Succeeded to {} after {} attempts in {}",
                            action,
                            attempts,
                            StartupException.seconds(Duration.ofNanos(nanoTime.getAsLong() - start)));
                }
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while trying to " + action, e);
            } catch (Exception e) {
                failure = e;
            }
            if (!retriable.test(failure)) {
                if (failure instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                Throwable cause = StartupException.unwrap(failure);
                throw new StartupException("Cannot " + action + ": " + StartupException.describe(cause), cause);
            }
            now = nanoTime.getAsLong();
            if (now - deadline >= 0) {
                throw StartupException.gaveUp(
                        action, expectation, attempts, Duration.ofNanos(now - start), timeout, setting, failure);
            }
            // Equal jitter: sleep between half and all of the backoff, never past the deadline.
            long sleep = backoffNanos / 2 + (long) (jitter.getAsDouble() * (backoffNanos / 2));
            sleep = Math.min(sleep, deadline - now);
            LOG.info(
                    "Could not {} yet (attempt {}, {} of {} used): {}; retrying in {} ms",
                    action,
                    attempts,
                    StartupException.seconds(Duration.ofNanos(now - start)),
                    StartupException.seconds(timeout),
                    StartupException.describe(StartupException.unwrap(failure)),
                    sleep / 1_000_000);
            try {
                sleeper.sleep(Duration.ofNanos(sleep));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("Interrupted while waiting to retry: " + action, e);
            }
            backoffNanos = Math.min(backoffNanos * 2, maxBackoff.toNanos());
        }
    }

    /** {@link #call} for a step without a result. */
    public void run(String action, String expectation, VoidAttempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        call(action, expectation, left -> {
            attempt.attempt(left);
            return null;
        });
    }

    @Override
    public String toString() {
        return "StartupRetry[timeout=" + timeout + (origin != null ? " shared" : "") + ", backoff=" + initialBackoff
                + ".." + maxBackoff + "]";
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, found " + d);
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, found " + d);
        }
        return d;
    }

    /** One attempt of a step; {@code timeLeft} bounds its blocking calls. */
    @FunctionalInterface
    public interface Attempt<T> {
        T attempt(Duration timeLeft) throws Exception;
    }

    /** One attempt of a step without a result. */
    @FunctionalInterface
    public interface VoidAttempt {
        void attempt(Duration timeLeft) throws Exception;
    }

    /** Waits; replaceable for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }
}
