package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clock that jumped must not poison a mixer's descriptor sequence: readers refuse descriptors dated
 * beyond their tolerance, and sequences continue above the last published one. Clocks are injected and
 * jumped; no broker.
 */
class ClockJumpTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration TOLERANCE = DirectoryReader.DEFAULT_CLOCK_TOLERANCE;

    @TempDir
    Path tmp;

    private final MixerIdentity mixer = MixerIdentity.generate();
    private final Clock right = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Clock dayFast = Clock.offset(right, DAY);

    @Test
    void aReaderRefusesADescriptorFromADayFastClockAndTheFixedClockIsNotStale() throws Exception {
        DirectoryState reader =
                new DirectoryState(TrustPolicy.trusting(List.of(mixer.publicKey())), "dir", right, TOLERANCE);
        DescriptorSequence sequence = new DescriptorSequence();

        MixerInfo fromTheFuture = descriptor(dayFast, sequence);
        assertThat(rejection(reader, fromTheFuture, -1)).isEqualTo(Rejection.FUTURE_DATED);
        assertThat(reader.snapshot().all()).isEmpty();

        // The clock is fixed; the mixer restarts with a fresh sequence: accepted, not STALE_SEQUENCE.
        MixerInfo fixed = descriptor(right, new DescriptorSequence());
        assertThat(fixed.sequence()).isLessThan(fromTheFuture.sequence());
        assertThat(offer(reader, fixed, -1)).isEqualTo(fixed);
        assertThat(reader.rejectedCounts()).containsEntry("FUTURE_DATED", 1L).containsEntry("STALE_SEQUENCE", 0L);
    }

    @Test
    void theToleranceIsInclusiveAndStatedInTheRejection() throws Exception {
        DirectoryState reader =
                new DirectoryState(TrustPolicy.trusting(List.of(mixer.publicKey())), "dir", right, TOLERANCE);
        DescriptorSequence sequence = new DescriptorSequence();
        assertThat(offer(reader, descriptor(Clock.offset(right, TOLERANCE), sequence), -1))
                .isNotNull();

        MixerInfo justBeyond = descriptor(Clock.offset(right, TOLERANCE.plusMillis(1)), sequence);
        DescriptorRejectedException e =
                catchThrowableOfType(() -> offer(reader, justBeyond, -1), DescriptorRejectedException.class);
        assertThat(e.reason()).isEqualTo(Rejection.FUTURE_DATED);
        assertThat(e.getMessage())
                .contains("at most " + TOLERANCE.toMillis() + " ms ahead of the reader's clock")
                .contains("found " + (TOLERANCE.toMillis() + 1) + " ms ahead");
        // A descriptor from the past is fine: its keys' validity decides whether it is of use.
        assertThat(offer(reader, descriptor(Clock.offset(right, DAY.negated()), sequence), -1))
                .isNotNull();
    }

    @Test
    void theBrokersAppendTimeDecidesForAReaderWhoseClockIsAlsoFast() throws Exception {
        // The reader's clock jumped a day ahead too: on its own it would accept the day-fast descriptor.
        DirectoryState fastReader =
                new DirectoryState(TrustPolicy.trusting(List.of(mixer.publicKey())), "dir", dayFast, TOLERANCE);
        MixerInfo fromTheFuture = descriptor(dayFast, new DescriptorSequence());
        assertThat(rejection(fastReader, fromTheFuture, NOW.toEpochMilli())).isEqualTo(Rejection.FUTURE_DATED);
        // Read again a day later (the record is still in the log): still refused, as every reader does.
        assertThat(rejection(fastReader, fromTheFuture, NOW.toEpochMilli())).isEqualTo(Rejection.FUTURE_DATED);
        // Without an append time (a CreateTime topic) the reader's own clock is all it has.
        assertThat(offer(fastReader, fromTheFuture, -1)).isEqualTo(fromTheFuture);
    }

    @Test
    void aFutureDatedDescriptorPinsNothing() throws Exception {
        Path pins = tmp.resolve("pins");
        DirectoryState reader = new DirectoryState(TrustPolicy.pinning(pins), "dir", right, TOLERANCE);
        assertThat(rejection(reader, descriptor(dayFast, new DescriptorSequence()), -1))
                .isEqualTo(Rejection.FUTURE_DATED);
        assertThat(TrustPolicy.pinning(pins).pins()).isEmpty();
        // An untrusted signer is still UNTRUSTED, whatever its date.
        DirectoryState trusting = new DirectoryState(
                TrustPolicy.trusting(List.of(MixerIdentity.generate().publicKey())), "dir", right, TOLERANCE);
        assertThat(rejection(trusting, descriptor(dayFast, new DescriptorSequence()), -1))
                .isEqualTo(Rejection.UNTRUSTED);
    }

    @Test
    void aSequenceContinuesAboveTheLastPublishedOneAfterTheClockStepsBack() {
        DescriptorSequence beforeTheFix = new DescriptorSequence();
        long published = beforeTheFix.next(dayFast);
        assertThat(published).isEqualTo(NOW.plus(DAY).toEpochMilli() * 1000);

        // Restart with the right clock: what the publisher reads back from the directory comes first.
        DescriptorSequence afterTheFix = new DescriptorSequence();
        afterTheFix.atLeast(published);
        long next = afterTheFix.next(right);
        assertThat(next).isEqualTo(published + 1);
        assertThat(afterTheFix.next(right)).isEqualTo(published + 2);
        // Once the clock catches up, sequences follow it again.
        assertThat(afterTheFix.next(Clock.offset(right, DAY.plusSeconds(1))))
                .isEqualTo(NOW.plus(DAY).plusSeconds(1).toEpochMilli() * 1000);
    }

    @Test
    void anExhaustedSequenceAndAnOutOfRangeToleranceAreRefused() {
        DescriptorSequence s = new DescriptorSequence();
        s.atLeast(Long.MAX_VALUE);
        assertThatThrownBy(() -> s.next(right))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted");
        TrustPolicy trust = TrustPolicy.trusting(List.of(mixer.publicKey()));
        assertThatThrownBy(() -> new DirectoryState(trust, "dir", right, Duration.ofMinutes(-1)))
                .hasMessageContaining("found PT-1M");
        assertThatThrownBy(() -> new DirectoryState(trust, "dir", right, Duration.ofDays(2)))
                .hasMessageContaining("between 0 and PT1H");
    }

    private MixerInfo descriptor(Clock mixerClock, DescriptorSequence sequence) {
        return Fixtures.info(mixer, "mixer-a", 0).toBuilder()
                .publishedAtMillis(mixerClock.millis())
                .sequence(sequence.next(mixerClock))
                .build();
    }

    private MixerInfo offer(DirectoryState state, MixerInfo info, long appendTime) throws DescriptorRejectedException {
        return state.offer(
                info.mixerId().getBytes(StandardCharsets.UTF_8),
                DescriptorCodec.signAndEncode(mixer, info),
                appendTime);
    }

    private Rejection rejection(DirectoryState state, MixerInfo info, long appendTime) {
        DescriptorRejectedException e =
                catchThrowableOfType(() -> offer(state, info, appendTime), DescriptorRejectedException.class);
        assertThat(e).as("expected a rejection").isNotNull();
        return e.reason();
    }
}
