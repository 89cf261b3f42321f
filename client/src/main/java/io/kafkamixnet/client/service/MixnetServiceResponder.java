package io.kafkamixnet.client.service;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.client.internals.IngressProducer;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.PacketException;
import io.kafkamixnet.packet.Surb;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests that arrive on a service's exit topic, for any Kafka consumer: hand it every
 * {@link ExitMessage}; it reassembles multi-fragment requests, calls the {@link RequestHandler} once
 * per whole request, splits the reply over the request's SURBs, builds the reply packets
 * ({@code Sphinx.createReplyPacket}) and produces each to the ingress topic of its SURB's first
 * response mixer.
 *
 * <p>{@link #accept} returns, for each exit message, a future that completes when that message is
 * dealt with: its request answered and every reply packet acknowledged by the broker, or the message
 * ignored or dropped (see {@link Disposition}). It fails only if producing a reply failed. A consumer
 * that commits a record's offset only after its future completed gets at-least-once answers
 * ({@link MixnetService} does exactly that).
 *
 * <p>Security contract: the service sees only the request bytes. A SURB can make the service write
 * only to the ingress topic of a mixer the directory lists with role RESPONSE, never to an arbitrary
 * topic. Reply records carry no key and no headers. Nothing is logged about requests beyond counts.
 *
 * <p>Thread-safe: {@link #accept} and {@link #expire} are serialised; the handler runs on the calling
 * thread, one request at a time.
 */
public final class MixnetServiceResponder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixnetServiceResponder.class);

    private final RequestHandler handler;
    private final Producer<byte[], byte[]> producer;
    private final boolean ownsProducer;
    private final Supplier<DirectorySnapshot> directory;
    private final MessageLimits limits;
    private final LongSupplier clock;
    private final RequestReassembler<CompletableFuture<Disposition>> reassembler;
    private final ServiceCounters counters = new ServiceCounters();
    private final ReplyProducer replies;
    private boolean closed;

    private MixnetServiceResponder(Builder b, Producer<byte[], byte[]> producer, boolean ownsProducer) {
        this.handler = b.handler;
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.directory = b.directory;
        this.limits = MessageLimits.of(b.geometry);
        this.clock = b.clock;
        this.reassembler = new RequestReassembler<>(
                b.maxPendingRequests, b.maxBufferedBytes, b.reassemblyTimeout, limits, this::dropped);
        this.replies = new ReplyProducer(producer, b.geometry, counters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The message limits of this responder's geometry. */
    public MessageLimits limits() {
        return limits;
    }

    /**
     * Takes one exit message. A single-fragment request is handled at once; a fragment of a larger
     * request is held until the rest arrive (or the reassembly timeout or memory bound drop it).
     *
     * @return completes with what became of this message once it is dealt with; fails if producing the
     *         reply failed
     */
    public synchronized CompletableFuture<Disposition> accept(ExitMessage message) {
        Objects.requireNonNull(message, "message");
        CompletableFuture<Disposition> done = new CompletableFuture<>();
        if (closed) {
            done.complete(Disposition.DROPPED);
            return done;
        }
        counters.fragments.increment();
        RequestFrame frame;
        try {
            frame = RequestFrame.decode(AvroCodec.copyBytes(message.getPayload()), limits);
            Surb surb = Surb.fromBytes(frame.surb());
            if (surb.headerSize() != limits.geometry().headerSize()) {
                throw new FrameException(
                        "SURB header of " + surb.headerSize() + " bytes does not fit " + limits.geometry());
            }
        } catch (FrameException | PacketException e) {
            counters.malformed.increment();
            LOG.debug("Ignoring a malformed request fragment: {}", e.getMessage());
            done.complete(Disposition.MALFORMED);
            return done;
        }
        RequestReassembler.Offer<CompletableFuture<Disposition>> offer =
                reassembler.offer(frame, done, clock.getAsLong());
        if (offer instanceof RequestReassembler.Complete<CompletableFuture<Disposition>> c) {
            answer(c);
        } else if (offer instanceof RequestReassembler.Duplicate) {
            counters.duplicates.increment();
            done.complete(Disposition.DUPLICATE);
        } else if (offer instanceof RequestReassembler.Rejected<CompletableFuture<Disposition>> r) {
            counters.malformed.increment();
            LOG.debug("Ignoring a request fragment: {}", r.reason());
            done.complete(Disposition.MALFORMED);
        }
        return done;
    }

    /** Drops incomplete requests older than the reassembly timeout; call it regularly (e.g. after each poll). */
    public synchronized int expire() {
        return reassembler.expire(clock.getAsLong());
    }

    private void dropped(RequestReassembler.Dropped<CompletableFuture<Disposition>> d) {
        Disposition disposition = switch (d.reason()) {
            case EXPIRED -> Disposition.EXPIRED;
            case EVICTED -> Disposition.EVICTED;
            case CLEARED -> Disposition.DROPPED;
        };
        if (d.reason() == RequestReassembler.DropReason.EXPIRED) {
            counters.expired.increment();
        } else if (d.reason() == RequestReassembler.DropReason.EVICTED) {
            counters.evicted.increment();
        }
        d.attachments().forEach(f -> f.complete(disposition));
    }

    private void answer(RequestReassembler.Complete<CompletableFuture<Disposition>> c) {
        counters.requests.increment();
        List<RequestFrame> frames = c.fragments();
        List<ReplyFrame> reply;
        boolean error;
        byte[] result = null;
        String errorText = null;
        try {
            result = handler.handle(c.request());
            if (result == null) {
                result = new byte[0];
            }
        } catch (RequestRejectedException e) {
            errorText = e.getMessage() == null ? "request rejected" : e.getMessage();
        } catch (InterruptedException e) {
            // The owner is stopping: no reply at all (an error reply would use up the client's single-use
            // SURBs). The futures fail, so a consumer that commits only done records reads them again.
            Thread.currentThread().interrupt();
            MixnetException abandoned =
                    new MixnetException("the request handler was interrupted: no reply sent, the request is left"
                            + " unanswered for whoever reads its records next");
            c.attachments().forEach(f -> f.completeExceptionally(abandoned));
            return;
        } catch (Exception e) {
            counters.handlerFailures.increment();
            LOG.warn(
                    "The request handler failed with {} (message not logged: it may contain request data)",
                    e.getClass().getName());
            errorText = "the service failed to handle the request";
        }
        if (result != null && result.length > limits.replyCapacity(frames.size())) {
            errorText = "reply of " + result.length + " bytes is over the " + limits.replyCapacity(frames.size())
                    + " bytes that this request's " + frames.size() + " SURBs carry: send the request with a reply"
                    + " capacity of at least " + result.length + " bytes (at most " + limits.maxReplyBytes() + ")";
        }
        error = errorText != null;
        reply = error
                ? List.of(ReplyFrame.error(c.messageId(), errorText, limits))
                : ReplyFrame.ok(c.messageId(), result, limits);

        Disposition success = error ? Disposition.ERROR_REPLIED : Disposition.REPLIED;
        replies.send(frames, reply, error, success, directory.get(), c.attachments());
    }

    /** Counters since the responder started. */
    public synchronized ServiceStats stats() {
        return counters.stats(reassembler.pendingMessages(), reassembler.bufferedBytes());
    }

    /** Drops incomplete requests ({@link Disposition#DROPPED}) and closes the producer if the responder created it. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reassembler.clear();
        }
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Builds a {@link MixnetServiceResponder}. Required: handler, producer (or client config), directory. */
    public static final class Builder {
        private RequestHandler handler;
        private Producer<byte[], byte[]> producer;
        private Map<String, Object> producerConfig;
        private Supplier<DirectorySnapshot> directory;
        private Geometry geometry = Geometry.defaults();
        private Duration reassemblyTimeout = Duration.ofMinutes(5);
        private int maxPendingRequests = 10_000;
        private long maxBufferedBytes = 64L << 20;
        private LongSupplier clock = () -> System.nanoTime() / 1_000_000;

        private Builder() {}

        public Builder handler(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The producer for reply packets (byte-array key and value serializers), owned by the caller. For
         * at-least-once answers use {@code acks=all}.
         */
        public Builder producer(Producer<byte[], byte[]> producer) {
            this.producer = Objects.requireNonNull(producer, "producer");
            this.producerConfig = null;
            return this;
        }

        /** Create (and close) a producer from ordinary Kafka client properties (SASL/SSL included). */
        public Builder clientConfig(Map<String, ?> clientConfig) {
            Map<String, Object> c = new HashMap<>();
            clientConfig.forEach((k, v) -> c.put(k, v));
            this.producerConfig = c;
            this.producer = null;
            return this;
        }

        /** Where the response mixers' ingress topics come from, e.g. {@code reader::snapshot}. */
        public Builder directory(Supplier<DirectorySnapshot> snapshots) {
            this.directory = Objects.requireNonNull(snapshots, "snapshots");
            return this;
        }

        /** The network's packet geometry (default {@link Geometry#defaults()}). */
        public Builder geometry(Geometry geometry) {
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            return this;
        }

        /** How long after its first fragment an incomplete request is dropped (default 5 minutes). */
        public Builder reassemblyTimeout(Duration timeout) {
            this.reassemblyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Most incomplete requests held (default 10,000). */
        public Builder maxPendingRequests(int max) {
            this.maxPendingRequests = max;
            return this;
        }

        /** Most bytes of fragments held (default 64 MiB). */
        public Builder maxBufferedBytes(long max) {
            this.maxBufferedBytes = max;
            return this;
        }

        /** Whether a handler is set (for {@link MixnetService.Builder}, which delegates the handler here). */
        boolean hasHandler() {
            return handler != null;
        }

        /** A monotonic millisecond clock, for tests. */
        Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MixnetServiceResponder build() {
            if (handler == null || (producer == null && producerConfig == null) || directory == null) {
                throw new IllegalStateException("handler, producer (or clientConfig) and directory are required");
            }
            MessageLimits limits = MessageLimits.of(geometry);
            new RequestReassembler<Object>(maxPendingRequests, maxBufferedBytes, reassemblyTimeout, limits, d -> {});
            return new MixnetServiceResponder(
                    this, producer != null ? producer : IngressProducer.create(producerConfig), producer == null);
        }
    }

    @Override
    public String toString() {
        return "MixnetServiceResponder[pending=" + reassembler.pendingMessages() + "]";
    }
}
