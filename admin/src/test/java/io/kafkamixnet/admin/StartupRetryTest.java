package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class StartupRetryTest {

    /** A clock that moves only when the retry sleeps or an attempt says it took time. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private final List<Duration> sleeps = new ArrayList<>();

    private StartupRetry retry(Duration timeout, double jitter) {
        return StartupRetry.of(timeout)
                .describedAs("startup.retry.timeout")
                .withTime(
                        nanos::get,
                        d -> {
                            sleeps.add(d);
                            nanos.addAndGet(d.toNanos());
                        },
                        () -> jitter);
    }

    @Test
    void aStepThatSucceedsAtOnceIsNeverDelayed() {
        String result = retry(Duration.ofSeconds(60), 0.5).call("do it", "it done", left -> "done");

        assertThat(result).isEqualTo("done");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void transientErrorsAreRetriedWithGrowingJitteredBackoffUntilSuccess() {
        AtomicInteger attempts = new AtomicInteger();

        int result = retry(Duration.ofSeconds(60), 1.0).call("describe topic t", "topic t to exist", left -> {
            if (attempts.incrementAndGet() < 5) {
                throw new ExecutionException(new UnknownTopicOrPartitionException("not hosted"));
            }
            return 7;
        });

        assertThat(result).isEqualTo(7);
        assertThat(attempts).hasValue(5);
        // jitter 1.0: the whole backoff, doubling from 100 ms
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfTheBackoff() {
        AtomicInteger attempts = new AtomicInteger();
        retry(Duration.ofSeconds(60), 0.0).run("x", "y", left -> {
            if (attempts.incrementAndGet() < 3) {
                throw new NotControllerException("moved");
            }
        });

        assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        AtomicInteger attempts = new AtomicInteger();
        retry(Duration.ofMinutes(10), 1.0)
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .run("x", "y", left -> {
                    if (attempts.incrementAndGet() < 5) {
                        throw new LeaderNotAvailableException("electing");
                    }
                });

        assertThat(sleeps)
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void givesUpAtTheTimeoutWithAMessageThatSaysWhatWhyHowLongAndTheLastCause() {
        AtomicInteger attempts = new AtomicInteger();
        UnknownTopicOrPartitionException last =
                new UnknownTopicOrPartitionException("This server does not host this topic-partition.");

        assertThatThrownBy(() -> retry(Duration.ofSeconds(10), 1.0)
                        .call(
                                "describe the ingress topic mix.a of mixer a",
                                "the topic to exist with its partitions",
                                left -> {
                                    attempts.incrementAndGet();
                                    throw new ExecutionException(last);
                                }))
                .isInstanceOf(StartupException.class)
                .hasCause(last)
                .hasMessageContaining("Gave up trying to describe the ingress topic mix.a of mixer a")
                .hasMessageContaining("after " + attempts.get() + " attempts in 10.0 s")
                .hasMessageContaining("expected the topic to exist with its partitions")
                .hasMessageContaining(
                        "UnknownTopicOrPartitionException: This server does not host this topic-partition.")
                .hasMessageContaining("raise startup.retry.timeout (now 10.0 s)")
                .satisfies(e -> assertThat(((StartupException) e).timedOut()).isTrue());
        // 100, 200, ... 3200 ms, then 5 s capped by the deadline: never sleeps past it
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(10_000);
        assertThat(sleeps.get(sleeps.size() - 1)).isEqualTo(Duration.ofMillis(10_000 - 6_300));
        assertThat(attempts.get()).isEqualTo(sleeps.size() + 1);
    }

    @Test
    void aStepThatTakesLongCountsAgainstTheTimeoutAndIsToldTheTimeLeft() {
        List<Duration> given = new ArrayList<>();

        assertThatThrownBy(() -> retry(Duration.ofSeconds(10), 1.0).run("x", "y", left -> {
                    given.add(left);
                    nanos.addAndGet(Duration.ofMillis(4_500).toNanos()); // a blocking call that timed out
                    throw new TimeoutException("no answer");
                }))
                .isInstanceOf(StartupException.class);

        // 10 s, then 10 - 4.5 - 0.1, then 5.4 - 4.5 - 0.2 = 0.7: the floor of one second; then past the deadline
        assertThat(given)
                .containsExactly(Duration.ofSeconds(10), Duration.ofMillis(5_400), StartupRetry.MIN_ATTEMPT_TIME);
    }

    @Test
    void aZeroTimeoutMakesOneAttempt() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry(Duration.ZERO, 1.0).run("x", "y", left -> {
                    attempts.incrementAndGet();
                    throw new TimeoutException("slow");
                }))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("after 1 attempt in 0.0 s");
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anUncheckedErrorThatIsNotTransientIsRethrownUnchangedAtOnce() {
        IllegalStateException definitive = new IllegalStateException("wrong config");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry(Duration.ofSeconds(60), 1.0).run("x", "y", left -> {
                    attempts.incrementAndGet();
                    throw definitive;
                }))
                .isSameAs(definitive);
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aCheckedErrorThatIsNotTransientFailsAtOnceWithItsCause() {
        TopicAuthorizationException denied = new TopicAuthorizationException("Not authorized to access topics: [t]");

        assertThatThrownBy(() -> retry(Duration.ofSeconds(60), 1.0).run("create topic t", "y", left -> {
                    throw new ExecutionException(denied);
                }))
                .isInstanceOf(StartupException.class)
                .hasCause(denied)
                .hasMessage("Cannot create topic t: TopicAuthorizationException: Not authorized to access topics: [t]")
                .satisfies(e -> assertThat(((StartupException) e).timedOut()).isFalse());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aPolicyRetriesWhatItsPredicateAccepts() {
        AtomicInteger attempts = new AtomicInteger();

        retry(Duration.ofSeconds(60), 1.0)
                .retryingOn(e -> e instanceof IllegalStateException)
                .run("x", "y", left -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                });

        assertThat(attempts).hasValue(3);
    }

    @Test
    void anInterruptStopsTheWaitAndKeepsTheFlag() {
        StartupRetry interrupted = StartupRetry.of(Duration.ofSeconds(60))
                .withTime(
                        nanos::get,
                        d -> {
                            throw new InterruptedException();
                        },
                        () -> 0.5);
        try {
            assertThatThrownBy(() -> interrupted.run("x", "y", left -> {
                        throw new TimeoutException("slow");
                    }))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("Interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> StartupRetry.of(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StartupRetry.defaults().withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StartupRetry.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least the initial backoff");
    }

    @Test
    void transientKafkaErrorsAreFoundThroughWrappers() {
        assertThat(TransientKafkaErrors.isTransient(
                        new ExecutionException(new UnknownTopicOrPartitionException("not hosted"))))
                .isTrue();
        assertThat(TransientKafkaErrors.isTransient(
                        new CompletionException(new KafkaException("wrapped", new NotControllerException("moved")))))
                .isTrue();
        assertThat(TransientKafkaErrors.isTransient(
                        new TopicProvisioningException("Cannot describe", new LeaderNotAvailableException("x"))))
                .isTrue();
        assertThat(TransientKafkaErrors.isTransient(new TimeoutException("slow")))
                .isTrue();
        assertThat(TransientKafkaErrors.isTransient(new java.util.concurrent.TimeoutException()))
                .isTrue();
    }

    @Test
    void definitiveErrorsAreNeverTransientEvenAroundATransientCause() {
        assertThat(TransientKafkaErrors.isTransient(new ExecutionException(new TopicAuthorizationException("no"))))
                .isFalse();
        assertThat(TransientKafkaErrors.isTransient(new SaslAuthenticationException("bad password")))
                .isFalse();
        assertThat(TransientKafkaErrors.isTransient(
                        new KafkaException("x", new InvalidConfigurationException("bad", new TimeoutException("t")))))
                .isFalse();
        assertThat(TransientKafkaErrors.isTransient(new IllegalArgumentException("bad")))
                .isFalse();
        assertThat(TransientKafkaErrors.isTransient(new KafkaException("unknown")))
                .isFalse();
    }

    @Test
    void aStepThatGaveUpInsideAnotherIsNotRetriedByIt() {
        StartupException inner = StartupException.gaveUp(
                "read t back",
                "t readable",
                3,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                "s",
                new TimeoutException("slow"));
        assertThat(TransientKafkaErrors.isTransient(inner)).isFalse();
        assertThat(TransientKafkaErrors.isTransient(new KafkaException("publish failed", inner)))
                .isFalse();
        assertThat(TransientKafkaErrors.isTransient(new org.apache.kafka.common.errors.InvalidTopicException("a b")))
                .isFalse();

        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry(Duration.ofSeconds(60), 0.5).run("publish", "a record", left -> {
                    attempts.incrementAndGet();
                    throw inner;
                }))
                .isSameAs(inner);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void stepsStartedTogetherShareOneDeadline() {
        StartupRetry shared = retry(Duration.ofSeconds(10), 1.0).startingNow();
        assertThat(shared.remaining()).isEqualTo(Duration.ofSeconds(10));

        // The first step takes 7 s of the 10.
        shared.run(
                "read the directory",
                "its end",
                left -> nanos.addAndGet(Duration.ofSeconds(7).toNanos()));
        assertThat(shared.remaining()).isEqualTo(Duration.ofSeconds(3));

        // The second step is told the 3 s left, retries within them and gives up when they are gone,
        // naming the whole bound.
        List<Duration> told = new ArrayList<>();
        assertThatThrownBy(() -> shared.run("find the inbox topic", "the topic to exist", left -> {
                    told.add(left);
                    throw new UnknownTopicOrPartitionException("not yet");
                }))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("raise startup.retry.timeout (now 10.0 s)");
        assertThat(told.get(0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(shared.remaining()).isZero();

        // Past the deadline a step still gets one attempt.
        AtomicInteger late = new AtomicInteger();
        int result = shared.call("one more", "x", left -> late.incrementAndGet());
        assertThat(result).isEqualTo(1);

        // A policy without a shared deadline gives every call its whole timeout.
        assertThat(retry(Duration.ofSeconds(10), 1.0).remaining()).isEqualTo(Duration.ofSeconds(10));
    }
}
