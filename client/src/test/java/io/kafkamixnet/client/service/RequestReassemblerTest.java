package io.kafkamixnet.client.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.RequestFrame;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReassemblerTest {

    private static final MessageLimits LIMITS = MessageLimits.defaults();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long ONE_REQUEST = 16L * 1484;

    private final List<RequestReassembler.Dropped<String>> dropped = new ArrayList<>();

    private RequestReassembler<String> reassembler(int maxMessages, long maxBytes, Duration timeout) {
        return new RequestReassembler<>(maxMessages, maxBytes, timeout, LIMITS, dropped::add);
    }

    private static List<RequestFrame> fragments(byte[] data, int count) {
        MessageId id = MessageId.random(RANDOM);
        byte[][] slices = FragmentAssembly.split(data, count, LIMITS.requestBytesPerFragment());
        List<RequestFrame> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new RequestFrame(id, i, count, data.length, new byte[] {(byte) i}, slices[i]));
        }
        return out;
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void singleFragmentCompletesAtOnceWithoutBuffering() {
        RequestReassembler<String> r = reassembler(10, ONE_REQUEST, Duration.ofMinutes(1));
        byte[] d = data(100);
        var offer = r.offer(fragments(d, 1).get(0), "a", 0);
        assertThat(offer).isInstanceOfSatisfying(RequestReassembler.Complete.class, c -> {
            assertThat(c.request()).isEqualTo(d);
            assertThat(c.attachments()).containsExactly("a");
        });
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void fragmentsInAnyOrderCompleteWithEveryAttachmentAndFragmentInIndexOrder() {
        RequestReassembler<String> r = reassembler(10, ONE_REQUEST, Duration.ofMinutes(1));
        byte[] d = data(LIMITS.maxRequestBytes());
        List<RequestFrame> frames = fragments(d, 16);
        for (int k = 15; k >= 1; k--) {
            assertThat(r.offer(frames.get(k), "f" + k, 0)).isInstanceOf(RequestReassembler.Waiting.class);
        }
        assertThat(r.pendingMessages()).isEqualTo(1);
        assertThat(r.bufferedBytes()).isPositive();
        var last = r.offer(frames.get(0), "f0", 0);
        assertThat(last).isInstanceOfSatisfying(RequestReassembler.Complete.class, c -> {
            assertThat(c.request()).isEqualTo(d);
            assertThat(c.attachments()).hasSize(16);
            for (int i = 0; i < 16; i++) {
                assertThat(((RequestFrame) c.fragments().get(i)).index()).isEqualTo(i);
            }
        });
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.bufferedBytes()).isZero();
        assertThat(dropped).isEmpty();
    }

    @Test
    void duplicateAndContradictingFragmentsAreReportedAndIgnored() {
        RequestReassembler<String> r = reassembler(10, ONE_REQUEST, Duration.ofMinutes(1));
        List<RequestFrame> frames = fragments(data(1000), 2);
        r.offer(frames.get(0), "a", 0);
        assertThat(r.offer(frames.get(0), "b", 0)).isInstanceOf(RequestReassembler.Duplicate.class);
        RequestFrame liar = new RequestFrame(frames.get(0).messageId(), 1, 3, 1000, new byte[1], new byte[10]);
        assertThat(r.offer(liar, "c", 0)).isInstanceOf(RequestReassembler.Rejected.class);
        assertThat(r.offer(frames.get(1), "d", 0))
                .isInstanceOfSatisfying(
                        RequestReassembler.Complete.class,
                        c -> assertThat(c.attachments()).containsExactly("a", "d"));
    }

    @Test
    void incompleteRequestsExpireAfterTheTimeoutWithTheirAttachments() {
        RequestReassembler<String> r = reassembler(10, ONE_REQUEST, Duration.ofSeconds(30));
        List<RequestFrame> early = fragments(data(2000), 3);
        List<RequestFrame> late = fragments(data(2000), 3);
        r.offer(early.get(0), "e0", 1_000);
        r.offer(early.get(2), "e2", 2_000);
        r.offer(late.get(1), "l1", 20_000);
        assertThat(r.expire(30_999)).isZero();
        assertThat(r.expire(31_000)).isEqualTo(1);
        assertThat(dropped).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(RequestReassembler.DropReason.EXPIRED);
            assertThat(d.attachments()).containsExactly("e0", "e2");
            assertThat(d.receivedFragments()).isEqualTo(2);
        });
        assertThat(r.pendingMessages()).isEqualTo(1);
        // A fragment of the expired request now starts a new, incomplete one: it cannot complete the old.
        assertThat(r.offer(early.get(1), "e1", 31_001)).isInstanceOf(RequestReassembler.Waiting.class);
        assertThat(r.expire(50_000)).isEqualTo(1);
        assertThat(r.expire(61_001)).isEqualTo(1);
        assertThat(r.pendingMessages()).isZero();
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void messageCountBoundEvictsTheOldest() {
        RequestReassembler<String> r = reassembler(2, ONE_REQUEST, Duration.ofMinutes(1));
        List<RequestFrame> a = fragments(data(900), 2);
        List<RequestFrame> b = fragments(data(900), 2);
        List<RequestFrame> c = fragments(data(900), 2);
        r.offer(a.get(0), "a0", 0);
        r.offer(b.get(0), "b0", 1);
        r.offer(c.get(0), "c0", 2);
        assertThat(dropped).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(RequestReassembler.DropReason.EVICTED);
            assertThat(d.attachments()).containsExactly("a0");
        });
        assertThat(r.pendingMessages()).isEqualTo(2);
        assertThat(r.offer(b.get(1), "b1", 3)).isInstanceOf(RequestReassembler.Complete.class);
        assertThat(r.offer(c.get(1), "c1", 3)).isInstanceOf(RequestReassembler.Complete.class);
    }

    @Test
    void byteBoundEvictsTheOldestButNeverTheRequestBeingAddedTo() {
        RequestReassembler<String> r = reassembler(100, ONE_REQUEST, Duration.ofMinutes(1));
        // Each full fragment: 25 + 600 (SURB) + 815 bytes = 1440. ONE_REQUEST = 23744 holds 16 of them.
        MessageId big = MessageId.random(RANDOM);
        MessageId other = MessageId.random(RANDOM);
        r.offer(new RequestFrame(other, 0, 2, 1630, new byte[600], new byte[815]), "o0", 0);
        for (int i = 0; i < 15; i++) {
            r.offer(new RequestFrame(big, i, 16, 16 * 815, new byte[600], new byte[815]), "b" + i, 1);
        }
        assertThat(dropped).isEmpty();
        assertThat(r.bufferedBytes()).isEqualTo(16 * 1440);
        var done = r.offer(new RequestFrame(big, 15, 16, 16 * 815, new byte[600], new byte[815]), "b15", 2);
        assertThat(dropped)
                .singleElement()
                .satisfies(d -> assertThat(d.attachments()).containsExactly("o0"));
        assertThat(done).isInstanceOf(RequestReassembler.Complete.class);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void clearDropsEverything() {
        RequestReassembler<String> r = reassembler(10, ONE_REQUEST, Duration.ofMinutes(1));
        r.offer(fragments(data(1000), 2).get(0), "x", 0);
        r.clear();
        assertThat(dropped)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(RequestReassembler.DropReason.CLEARED));
        assertThat(r.pendingMessages()).isZero();
    }

    @Test
    void boundsAreValidated() {
        assertThatThrownBy(() -> reassembler(0, ONE_REQUEST, Duration.ofMinutes(1)))
                .hasMessageContaining("maxMessages");
        assertThatThrownBy(() -> reassembler(1, ONE_REQUEST - 1, Duration.ofMinutes(1)))
                .hasMessageContaining("largest size");
        assertThatThrownBy(() -> reassembler(1, ONE_REQUEST, Duration.ZERO)).hasMessageContaining("positive");
    }
}
