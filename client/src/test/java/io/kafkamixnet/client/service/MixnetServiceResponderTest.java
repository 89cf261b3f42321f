package io.kafkamixnet.client.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.ReplyStatus;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.client.internals.RequestPacker;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbSecret;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The responder against real packets: requests packed by the client code and peeled by the real
 * packet module, replies peeled again and opened with the client's SURB secrets. Kafka's own
 * MockProducer records what would be produced.
 */
class MixnetServiceResponderTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final Sphinx SPHINX = new Sphinx(TestMixers.geometry());
    private static final MessageLimits LIMITS = MessageLimits.defaults();

    private final TestMixers mixers = TestMixers.now(3, 2);
    private final RequestPacker packer = new RequestPacker(
            SPHINX, mixers.schedule(), 2, 1, DelayDistribution.zero(), DelayDistribution.zero(), RANDOM);
    private static final int INGRESS_PARTITIONS = 3;
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(
            mixers.cluster(INGRESS_PARTITIONS), true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicLong clock = new AtomicLong(1_000);

    private MixnetServiceResponder responder(RequestHandler handler) {
        return responder(handler, mixers::snapshot);
    }

    private MixnetServiceResponder responder(
            RequestHandler handler, java.util.function.Supplier<DirectorySnapshot> dir) {
        return MixnetServiceResponder.builder()
                .handler(handler)
                .producer(producer)
                .directory(dir)
                .reassemblyTimeout(Duration.ofSeconds(10))
                .clock(clock::get)
                .build();
    }

    /** A request as the service would receive it: one ExitMessage per fragment, plus the client's secrets. */
    private record Sent(List<ExitMessage> exits, RequestPacker.Packed packed) {}

    private Sent send(byte[] request, int replyCapacity) {
        int fragments = LIMITS.fragmentsFor(request.length, replyCapacity);
        RequestPacker.Packed packed =
                packer.pack(mixers.snapshot(), System.currentTimeMillis(), "echo", request, fragments);
        List<ExitMessage> exits = new ArrayList<>();
        for (RequestPacker.Outgoing out : packed.packets()) {
            byte[] packet = AvroCodec.copyBytes(ENVELOPES.decode(out.envelope()).getPacket());
            TestMixers.Exit exit =
                    mixers.walkForward(SPHINX, mixers.byIngress(out.topic()).id(), packet);
            exits.add(ExitMessage.newBuilder()
                    .setEpoch(mixers.epoch())
                    .setPayload(ByteBuffer.wrap(exit.payload()))
                    .setReplyBlock(null)
                    .build());
        }
        return new Sent(exits, packed);
    }

    /** Peels every produced reply packet like the response mixers, and opens it like the client. */
    private List<ReplyFrame> repliesFor(Sent sent) throws Exception {
        List<ReplyFrame> frames = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            assertThat(r.key()).isNull();
            assertThat(r.headers().toArray()).isEmpty();
            PacketEnvelope e = ENVELOPES.decode(r.value());
            // The partition the response mixer accepts this packet on, and only that one.
            assertThat(r.partition())
                    .isEqualTo(PartitionBinding.partitionFor(AvroCodec.copyBytes(e.getPacket()), INGRESS_PARTITIONS));
            assertThat(e.getEpoch()).isEqualTo(mixers.epoch());
            TestMixers.Delivery d =
                    mixers.walkReply(SPHINX, mixers.byIngress(r.topic()).id(), AvroCodec.copyBytes(e.getPacket()));
            SurbSecret secret = sent.packed().secrets().stream()
                    .filter(s -> s.id().equals(d.surbId()))
                    .findFirst()
                    .orElseThrow();
            frames.add(ReplyFrame.decode(SPHINX.openReply(secret, d.payload()), LIMITS));
        }
        return frames;
    }

    private static byte[] assemble(List<ReplyFrame> frames) throws Exception {
        FragmentAssembly a =
                new FragmentAssembly(frames.get(0).count(), frames.get(0).totalLength());
        for (ReplyFrame f : frames) {
            a.add(f.index(), f.count(), f.totalLength(), f.data());
        }
        return a.assemble();
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void answersASingleFragmentRequestThroughItsSurb() throws Exception {
        MixnetServiceResponder r =
                responder(req -> ("re:" + new String(req, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Sent sent = send("hello".getBytes(StandardCharsets.UTF_8), 0);
        CompletableFuture<Disposition> done = r.accept(sent.exits().get(0));
        assertThat(done).isCompletedWithValue(Disposition.REPLIED);
        assertThat(producer.history())
                .singleElement()
                .satisfies(rec -> assertThat(rec.topic()).startsWith("ingress-r"));
        List<ReplyFrame> frames = repliesFor(sent);
        assertThat(frames.get(0).messageId()).isEqualTo(sent.packed().messageId());
        assertThat(new String(assemble(frames), StandardCharsets.UTF_8)).isEqualTo("re:hello");
        assertThat(r.stats().replied()).isEqualTo(1);
        assertThat(r.stats().replyPacketsSent()).isEqualTo(1);
    }

    @Test
    void reassemblesALargeRequestAndSplitsALargeReplyOverItsSurbs() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MixnetServiceResponder r = responder(req -> {
            calls.incrementAndGet();
            byte[] out = new byte[LIMITS.maxReplyBytes()];
            for (int i = 0; i < out.length; i++) {
                out[i] = req[i % req.length];
            }
            return out;
        });
        byte[] request = data(LIMITS.maxRequestBytes());
        Sent sent = send(request, LIMITS.maxReplyBytes());
        assertThat(sent.exits()).hasSize(16);
        List<CompletableFuture<Disposition>> done = new ArrayList<>();
        for (int i = sent.exits().size() - 1; i >= 0; i--) { // any order
            done.add(r.accept(sent.exits().get(i)));
            if (i > 0) {
                assertThat(done.get(done.size() - 1)).isNotDone();
            }
        }
        assertThat(done).allSatisfy(f -> assertThat(f).isCompletedWithValue(Disposition.REPLIED));
        assertThat(calls).hasValue(1);
        assertThat(producer.history()).hasSize(16);
        byte[] reply = assemble(repliesFor(sent));
        assertThat(reply).hasSize(LIMITS.maxReplyBytes());
        for (int i = 0; i < reply.length; i += 997) {
            assertThat(reply[i]).isEqualTo(request[i % request.length]);
        }
    }

    @Test
    void acceptsAnySplitOfARequestNotOnlyTheOneTheSdkMakes() throws Exception {
        List<byte[]> seen = new ArrayList<>();
        MixnetServiceResponder r = responder(req -> {
            seen.add(req);
            return req;
        });
        byte[] request = data(2000);
        Sent sdk = send(request, 0);
        assertThat(sdk.exits()).hasSize(3); // 815 + 815 + 370 as the SDK splits
        // Same message id and SURBs, the data cut at other places (600 + 815 + 585: the first fragment is
        // not full), delivered last fragment first.
        int[] split = {600, LIMITS.requestBytesPerFragment(), 2000 - 600 - LIMITS.requestBytesPerFragment()};
        List<ExitMessage> resplit = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < split.length; i++) {
            RequestFrame original =
                    RequestFrame.decode(AvroCodec.copyBytes(sdk.exits().get(i).getPayload()), LIMITS);
            RequestFrame other = new RequestFrame(
                    original.messageId(),
                    i,
                    split.length,
                    request.length,
                    original.surb(),
                    java.util.Arrays.copyOfRange(request, off, off + split[i]));
            off += split[i];
            resplit.add(ExitMessage.newBuilder(sdk.exits().get(i))
                    .setPayload(ByteBuffer.wrap(other.encode()))
                    .build());
        }
        List<CompletableFuture<Disposition>> done = new ArrayList<>();
        for (int i = resplit.size() - 1; i >= 0; i--) {
            done.add(r.accept(resplit.get(i)));
        }
        assertThat(done).allSatisfy(f -> assertThat(f).isCompletedWithValue(Disposition.REPLIED));
        assertThat(seen).singleElement().isEqualTo(request);
        assertThat(assemble(repliesFor(sdk))).isEqualTo(request);
    }

    @Test
    void aReplyTooLargeForTheSurbsBecomesAnErrorReply() throws Exception {
        MixnetServiceResponder r = responder(req -> new byte[LIMITS.replyBytesPerFragment() + 1]);
        Sent sent = send(data(10), 0);
        assertThat(r.accept(sent.exits().get(0))).isCompletedWithValue(Disposition.ERROR_REPLIED);
        ReplyFrame f = repliesFor(sent).get(0);
        assertThat(f.status()).isEqualTo(ReplyStatus.ERROR);
        assertThat(new String(f.data(), StandardCharsets.UTF_8)).contains("reply of 1461 bytes is over the 1460 bytes");
        assertThat(r.stats().errorReplies()).isEqualTo(1);
    }

    @Test
    void aReplyTopicWhosePartitionsCannotBeFetchedFailsTheFutureInsteadOfThrowing() throws Exception {
        MixnetServiceResponder r = responder(req -> req);
        producer.partitionsForException = new org.apache.kafka.common.errors.TimeoutException("no metadata");
        Sent sent = send(data(10), 0);
        CompletableFuture<Disposition> done = r.accept(sent.exits().get(0));
        assertThat(done).isCompletedExceptionally();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anInterruptedHandlerSendsNoReplyAndFailsTheFutureSoTheRecordIsReadAgain() throws Exception {
        MixnetServiceResponder r = responder(req -> {
            throw new InterruptedException("stopping");
        });
        Sent sent = send(data(10), 0);
        CompletableFuture<Disposition> done = r.accept(sent.exits().get(0));
        assertThat(done).isCompletedExceptionally();
        assertThat(Thread.interrupted()).as("the interrupt is restored").isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(r.stats().errorReplies()).isZero();
    }

    @Test
    void handlerFailuresAnswerWithAGenericErrorAndRefusalsWithTheirText() throws Exception {
        MixnetServiceResponder failing = responder(req -> {
            throw new IllegalStateException("secret " + new String(req, StandardCharsets.UTF_8));
        });
        Sent sent = send("PAYLOAD".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(failing.accept(sent.exits().get(0))).isCompletedWithValue(Disposition.ERROR_REPLIED);
        ReplyFrame f = repliesFor(sent).get(0);
        assertThat(f.status()).isEqualTo(ReplyStatus.ERROR);
        assertThat(new String(f.data(), StandardCharsets.UTF_8))
                .isEqualTo("the service failed to handle the request")
                .doesNotContain("PAYLOAD");
        assertThat(failing.stats().handlerFailures()).isEqualTo(1);

        producer.clear();
        MixnetServiceResponder refusing = responder(req -> {
            throw new RequestRejectedException("quota exceeded");
        });
        Sent sent2 = send(data(3), 0);
        refusing.accept(sent2.exits().get(0));
        assertThat(new String(repliesFor(sent2).get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("quota exceeded");
    }

    @Test
    void garbageAndBadSurbsAreCountedAndIgnored() {
        MixnetServiceResponder r = responder(req -> req);
        ExitMessage garbage = ExitMessage.newBuilder()
                .setEpoch(1)
                .setPayload(ByteBuffer.wrap(data(100)))
                .build();
        assertThat(r.accept(garbage)).isCompletedWithValue(Disposition.MALFORMED);
        byte[] badSurb = new RequestFrame(MessageId.random(RANDOM), 0, 1, 1, data(600), new byte[1]).encode();
        ExitMessage withBadSurb = ExitMessage.newBuilder()
                .setEpoch(1)
                .setPayload(ByteBuffer.wrap(badSurb))
                .build();
        assertThat(r.accept(withBadSurb)).isCompletedWithValue(Disposition.MALFORMED);
        assertThat(r.stats().malformed()).isEqualTo(2);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aSurbWhoseFirstHopIsNoResponseMixerGetsNoReply() {
        // The directory the service sees lists only the forward mixers: the SURB's first hop is unknown.
        MixnetServiceResponder r = responder(
                req -> req,
                () -> DirectorySnapshot.of(mixers.all().stream()
                        .filter(m -> m.id().startsWith("f"))
                        .map(TestMixers.Mixer::info)
                        .toList()));
        assertThat(r.accept(send(data(5), 0).exits().get(0))).isCompletedWithValue(Disposition.NO_REPLY_ROUTE);
        assertThat(producer.history()).isEmpty();
        assertThat(r.stats().noReplyRoute()).isEqualTo(1);
    }

    @Test
    void duplicatesAreIgnoredAndIncompleteRequestsExpire() {
        MixnetServiceResponder r = responder(req -> req);
        Sent sent = send(data(2000), 0);
        assertThat(sent.exits()).hasSize(3);
        CompletableFuture<Disposition> first = r.accept(sent.exits().get(0));
        assertThat(r.accept(sent.exits().get(0))).isCompletedWithValue(Disposition.DUPLICATE);
        CompletableFuture<Disposition> second = r.accept(sent.exits().get(1));
        assertThat(r.stats().pendingRequests()).isEqualTo(1);
        clock.addAndGet(9_999);
        assertThat(r.expire()).isZero();
        clock.addAndGet(1);
        assertThat(r.expire()).isEqualTo(1);
        assertThat(first).isCompletedWithValue(Disposition.EXPIRED);
        assertThat(second).isCompletedWithValue(Disposition.EXPIRED);
        assertThat(r.stats().expired()).isEqualTo(1);
        assertThat(r.stats().bufferedBytes()).isZero();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aFailedProduceFailsTheFuturesOfEveryFragment() {
        MockProducer<byte[], byte[]> manual = new MockProducer<>(
                mixers.cluster(INGRESS_PARTITIONS), false, null, new ByteArraySerializer(), new ByteArraySerializer());
        MixnetServiceResponder r = MixnetServiceResponder.builder()
                .handler(req -> req)
                .producer(manual)
                .directory(mixers::snapshot)
                .build();
        Sent sent = send(data(900), 0);
        CompletableFuture<Disposition> a = r.accept(sent.exits().get(0));
        CompletableFuture<Disposition> b = r.accept(sent.exits().get(1));
        assertThat(a).isNotDone();
        assertThat(b).isNotDone();
        manual.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
    }

    @Test
    void closeDropsIncompleteRequests() {
        MixnetServiceResponder r = responder(req -> req);
        CompletableFuture<Disposition> held =
                r.accept(send(data(900), 0).exits().get(0));
        r.close();
        assertThat(held).isCompletedWithValue(Disposition.DROPPED);
        assertThat(r.accept(send(data(1), 0).exits().get(0))).isCompletedWithValue(Disposition.DROPPED);
    }
}
