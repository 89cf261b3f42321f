package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.ServiceErrorException;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.ReplyStatus;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.SurbSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The client's SURB store: single use, expiry, bounds. Real SURB secrets from the packet module. */
class PendingRequestsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TestMixers MIXERS = TestMixers.now(1, 1);
    private static final Sphinx SPHINX = new Sphinx(TestMixers.geometry());

    private static List<SurbSecret> secrets(int n) {
        List<SurbSecret> out = new ArrayList<>();
        TestMixers.Mixer r = MIXERS.mixer("r0");
        for (int i = 0; i < n; i++) {
            Hop hop = new Hop(r.key().publicKey(), HopInstruction.deliverReply(SurbId.random(RANDOM), 0));
            out.add(SPHINX.createSurb("r0", List.of(hop)).secret());
        }
        return out;
    }

    private static ReplyFrame ok(MessageId id, int index, int count, int total, byte[] data) {
        return new ReplyFrame(id, index, count, ReplyStatus.OK, total, data);
    }

    @Test
    void aSurbIsHandedOutOnceThenCountsAsRetired() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> s = secrets(2);
        store.register(MessageId.random(RANDOM), s, 1000, new CompletableFuture<>());
        assertThat(store.liveSurbs()).isEqualTo(2);
        assertThat(store.take(s.get(0).id())).isInstanceOf(PendingRequests.Found.class);
        assertThat(store.take(s.get(0).id())).isInstanceOf(PendingRequests.Retired.class);
        assertThat(store.take(SurbId.random(RANDOM))).isInstanceOf(PendingRequests.Unknown.class);
        assertThat(store.liveSurbs()).isEqualTo(1);
    }

    @Test
    void expiryDropsTheRequestAndDestroysItsSecrets() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> early = secrets(3);
        List<SurbSecret> late = secrets(1);
        CompletableFuture<byte[]> f1 = new CompletableFuture<>();
        store.register(MessageId.random(RANDOM), early, 1000, f1);
        store.register(MessageId.random(RANDOM), late, 2000, new CompletableFuture<>());
        assertThat(store.expire(999)).isEmpty();
        List<PendingRequests.Pending> expired = store.expire(1000);
        assertThat(expired)
                .singleElement()
                .satisfies(p -> assertThat(p.future()).isSameAs(f1));
        assertThat(early).allSatisfy(s -> assertThat(s.isDestroyed()).isTrue());
        assertThat(late.get(0).isDestroyed()).isFalse();
        assertThat(store.size()).isEqualTo(1);
        // A late reply to an expired SURB is recognised as ours-but-expired, not opened.
        assertThat(store.take(early.get(1).id())).isInstanceOf(PendingRequests.Retired.class);
        assertThat(store.expire(5000)).hasSize(1);
        assertThat(store.size()).isZero();
        assertThat(store.liveSurbs()).isZero();
    }

    @Test
    void repliesCompleteTheRequestAndRetireItsOtherSurbs() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> s = secrets(3);
        MessageId id = MessageId.random(RANDOM);
        store.register(id, s, 1000, new CompletableFuture<>());
        var found0 = (PendingRequests.Found) store.take(s.get(0).id());
        assertThat(store.accept(found0.pending(), ok(id, 1, 2, 5, "lo".getBytes())))
                .isInstanceOf(PendingRequests.Waiting.class);
        var found1 = (PendingRequests.Found) store.take(s.get(1).id());
        var done = store.accept(found1.pending(), ok(id, 0, 2, 5, "hel".getBytes()));
        assertThat(done)
                .isInstanceOfSatisfying(
                        PendingRequests.Completed.class,
                        c -> assertThat(new String(c.reply(), StandardCharsets.UTF_8))
                                .isEqualTo("hello"));
        assertThat(s.get(2).isDestroyed()).isTrue(); // unused SURB dropped with its request
        assertThat(store.take(s.get(2).id())).isInstanceOf(PendingRequests.Retired.class);
        assertThat(store.size()).isZero();
        assertThat(store.expire(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void inconsistentOrForeignRepliesAreRejected() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> s = secrets(2);
        MessageId id = MessageId.random(RANDOM);
        store.register(id, s, 1000, new CompletableFuture<>());
        var found = (PendingRequests.Found) store.take(s.get(0).id());
        assertThat(store.accept(found.pending(), ok(MessageId.random(RANDOM), 0, 1, 1, new byte[1])))
                .isInstanceOf(PendingRequests.Rejected.class);
        assertThat(store.accept(found.pending(), ok(id, 0, 3, 3, new byte[1])))
                .isInstanceOfSatisfying(
                        PendingRequests.Rejected.class,
                        r -> assertThat(r.reason()).contains("only 2 SURBs"));
    }

    @Test
    void anErrorReplyFailsTheRequestWithTheServicesText() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> s = secrets(1);
        MessageId id = MessageId.random(RANDOM);
        store.register(id, s, 1000, new CompletableFuture<>());
        var found = (PendingRequests.Found) store.take(s.get(0).id());
        byte[] text = "no such account".getBytes(StandardCharsets.UTF_8);
        var outcome = store.accept(found.pending(), new ReplyFrame(id, 0, 1, ReplyStatus.ERROR, text.length, text));
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        PendingRequests.Failed.class,
                        f -> assertThat(f.error())
                                .isInstanceOf(ServiceErrorException.class)
                                .hasMessageContaining("no such account"));
        assertThat(store.size()).isZero();
    }

    @Test
    void aFragmentForAnEndedRequestIsIgnored() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> s = secrets(1);
        MessageId id = MessageId.random(RANDOM);
        store.register(id, s, 1000, new CompletableFuture<>());
        var found = (PendingRequests.Found) store.take(s.get(0).id());
        store.expire(1000); // expires while the reply is being opened
        assertThat(store.accept(found.pending(), ok(id, 0, 1, 1, new byte[1])))
                .isInstanceOf(PendingRequests.Ended.class);
    }

    @Test
    void pendingRequestsAreBounded() {
        PendingRequests store = new PendingRequests(2, 100);
        store.register(MessageId.random(RANDOM), secrets(1), 1000, new CompletableFuture<>());
        PendingRequests.Pending second =
                store.register(MessageId.random(RANDOM), secrets(1), 1000, new CompletableFuture<>());
        assertThatThrownBy(() -> store.register(MessageId.random(RANDOM), secrets(1), 1000, new CompletableFuture<>()))
                .isInstanceOf(MixnetException.class)
                .hasMessageContaining("limit is 2");
        assertThat(store.remove(second)).isTrue();
        assertThat(store.remove(second)).isFalse();
        store.register(MessageId.random(RANDOM), secrets(1), 1000, new CompletableFuture<>());
    }

    @Test
    void removeAllEndsEverythingAndDestroysEverySecret() {
        PendingRequests store = new PendingRequests(10, 100);
        List<SurbSecret> a = secrets(2);
        List<SurbSecret> b = secrets(3);
        store.register(MessageId.random(RANDOM), a, 1000, new CompletableFuture<>());
        store.register(MessageId.random(RANDOM), b, 2000, new CompletableFuture<>());
        assertThat(store.removeAll()).hasSize(2);
        assertThat(a).allSatisfy(s -> assertThat(s.isDestroyed()).isTrue());
        assertThat(b).allSatisfy(s -> assertThat(s.isDestroyed()).isTrue());
        assertThat(store.size()).isZero();
        assertThat(store.liveSurbs()).isZero();
    }

    @Test
    void retiredMemoryIsBounded() {
        PendingRequests store = new PendingRequests(10, 2);
        List<SurbSecret> s = secrets(3);
        store.register(MessageId.random(RANDOM), s, 1000, new CompletableFuture<>());
        store.expire(1000);
        // Only the two most recently retired ids are remembered; the oldest now counts as unknown.
        long retired = s.stream()
                .filter(x -> store.take(x.id()) instanceof PendingRequests.Retired)
                .count();
        assertThat(retired).isEqualTo(2);
    }
}
