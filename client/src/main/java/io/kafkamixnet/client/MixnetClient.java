package io.kafkamixnet.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.client.internals.CoverTrafficLoop;
import io.kafkamixnet.client.internals.DirectoryStart;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.internals.IngressPartitions;
import io.kafkamixnet.client.internals.PendingRequests;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.internals.ReplyInbox;
import io.kafkamixnet.client.internals.RequestPacker;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.PacketException;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests through the mixnet and returns their replies.
 *
 * <pre>{@code
 * try (MixnetClient client = MixnetClient.builder()
 *         .clientConfig(ClientSettings.load(null, Path.of("client.properties")))   // any cluster, SASL/SSL included
 *         .directoryTopic("mixnet.directory").trustPolicy(TrustPolicy.trustingHex(keys))
 *         .replyInboxTopic("mixnet.replies")
 *         .build()) {
 *     byte[] reply = client.request("echo", "hello".getBytes(UTF_8)).get();
 * }
 * }</pre>
 *
 * <p>For every fragment of a request the client picks a fresh random route of {@code forwardHops}
 * distinct FORWARD mixers ending in Exit(service) and a fresh SURB through {@code replyHops} distinct
 * RESPONSE mixers ending in DeliverReply, all keys of the epoch current when the request is made; it
 * produces each packet to its first mixer's ingress topic and completes the returned future when every
 * reply fragment has arrived on the shared reply inbox and has been opened.
 *
 * <p>Security contract:
 * <ul>
 *   <li>All randomness (routes, delays, SURB ids, message ids, Sphinx keys) comes from one
 *       {@link SecureRandom}.</li>
 *   <li>Records the client produces carry no key and no headers; their timestamp is overwritten by the
 *       broker on topics created with {@code message.timestamp.type=LogAppendTime}.</li>
 *   <li>Replies are read from one shared inbox topic, every partition, without a consumer group, so
 *       nothing the broker sees links a reply to this client (see {@code docs/client.md}).</li>
 *   <li>SURB secrets are single-use and are destroyed when used, when their request ends, and on
 *       {@link #close()}. A reply for an unknown or expired SURB is counted and ignored.</li>
 *   <li>Nothing here logs or puts into an exception message a payload, a route, a key or a SURB.</li>
 * </ul>
 *
 * <p>Thread-safe. Futures are completed on the callback executor (by default the common fork-join
 * pool), never on the inbox thread, so a callback may block or send another request.
 */
public final class MixnetClient implements AutoCloseable {

    /** Default of {@link Builder#minKeyLifetime(Duration)}. */
    public static final Duration DEFAULT_MIN_KEY_LIFETIME = RequestPacker.DEFAULT_MIN_KEY_LIFETIME;

    private static final Logger LOG = LoggerFactory.getLogger(MixnetClient.class);
    private static final AvroCodec<InboxMessage> INBOX_CODEC = AvroCodec.of(InboxMessage.class);

    private final Sphinx sphinx;
    private final MessageLimits limits;
    private final RequestPacker packer;
    private final PendingRequests pending;
    private final Supplier<DirectorySnapshot> directory;
    private final DirectoryReader ownedDirectory;
    private final Producer<byte[], byte[]> producer;
    private final ReplyInbox inbox;
    private final Executor callbacks;
    private final Duration requestTimeout;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile MixnetException inboxFailure;
    private final CoverTrafficLoop cover;

    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder repliesCompleted = new LongAdder();
    private final LongAdder serviceErrors = new LongAdder();
    private final LongAdder requestsTimedOut = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LongAdder inboxRecords = new LongAdder();
    private final LongAdder repliesNotOurs = new LongAdder();
    private final LongAdder repliesForExpiredSurbs = new LongAdder();
    private final LongAdder repliesRejected = new LongAdder();
    private final LongAdder undecodableInboxRecords = new LongAdder();

    private MixnetClient(Builder b, Map<String, Object> clientConfig, Supplier<DirectorySnapshot> directory,
                         DirectoryReader ownedDirectory) {
        this.sphinx = new Sphinx(b.geometry, b.random);
        this.limits = MessageLimits.of(b.geometry);
        this.packer = new RequestPacker(sphinx, b.epochSchedule, b.forwardHops, b.replyHops, b.forwardDelay,
                b.replyDelay, b.random, b.minKeyLifetime);
        this.pending = new PendingRequests(b.maxPendingRequests, Math.max(1024, 4 * b.maxPendingRequests));
        this.directory = directory;
        this.ownedDirectory = ownedDirectory;
        this.callbacks = b.callbackExecutor;
        this.requestTimeout = b.requestTimeout;
        this.closeTimeout = b.closeTimeout;
        this.producer = new KafkaProducer<>(producerConfig(clientConfig), new ByteArraySerializer(), new ByteArraySerializer());
        try {
            this.inbox = new ReplyInbox(clientConfig, b.replyInboxTopic, b.startTimeout, new InboxListener());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.cover = b.coverPacketsPerSecond > 0
                ? new CoverTrafficLoop(b.coverPacketsPerSecond, b.random, this::sendDrop).start()
                : null;
    }

    /** Builds one drop packet along the path of {@code role} and hands it to the producer. */
    private void sendDrop(MixerRole role) {
        RequestPacker.Outgoing out = packer.packDrop(directory.get(), System.currentTimeMillis(), role);
        producer.send(new ProducerRecord<>(out.topic(), IngressPartitions.of(producer, out.topic(), out.packet()),
                null, null, out.envelope()));
    }

    /** Drop packets of cover traffic sent so far (0 when cover traffic is off). */
    public long coverPacketsSent() {
        return cover == null ? 0 : cover.sent();
    }

    public static Builder builder() {
        return new Builder();
    }

    static Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        c.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        c.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        c.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return c;
    }

    /** The size limits of requests and replies for this client's geometry. */
    public MessageLimits limits() {
        return limits;
    }

    /**
     * Sends {@code request} to {@code service} and returns its reply. The request carries as many SURBs
     * as it has fragments, so the reply may be up to {@code MessageLimits.replyCapacity(fragments)}
     * bytes; use {@link #request(String, byte[], int)} to ask for more.
     *
     * @throws MessageTooLargeException if the request is over {@link MessageLimits#maxRequestBytes()}
     * @throws IllegalArgumentException if the service name is empty or longer than 58 UTF-8 bytes
     */
    public CompletableFuture<byte[]> request(String service, byte[] request) {
        return request(service, request, 0);
    }

    /**
     * Sends {@code request} to {@code service}, carrying enough SURBs for a reply of up to
     * {@code replyCapacity} bytes (extra SURBs travel in extra fragments: each costs one forward packet).
     *
     * <p>The future completes with the whole reply, or fails with {@link MixnetTimeoutException} (no
     * complete reply before the deadline), {@link ServiceErrorException} (the service answered with an
     * error), {@link NoRouteException} (the directory lacks mixers), {@link MixnetClosedException}, or
     * {@link MixnetException} (producing failed, or a reply failed its integrity check). Cancelling the
     * future drops its SURBs.
     *
     * @throws MessageTooLargeException if the request or reply capacity is over the limits
     * @throws IllegalArgumentException if the service name is empty or longer than 58 UTF-8 bytes
     */
    public CompletableFuture<byte[]> request(String service, byte[] request, int replyCapacity) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(request, "request");
        new RoutingCommand.Exit(service); // validates the name before any work
        int fragments = limits.fragmentsFor(request.length, replyCapacity);
        if (closed.get()) {
            return CompletableFuture.failedFuture(new MixnetClosedException("the mixnet client is closed"));
        }
        MixnetException failure = inboxFailure;
        if (failure != null) {
            return CompletableFuture.failedFuture(new MixnetException("the client cannot receive replies: "
                    + failure.getMessage(), failure));
        }
        long now = System.currentTimeMillis();
        RequestPacker.Packed packed;
        try {
            packed = packer.pack(directory.get(), now, service, request, fragments);
        } catch (MixnetException e) {
            requestsFailed.increment();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        long deadline = Math.min(now + requestTimeout.toMillis(), packed.graceUntilMillis());
        PendingRequests.Pending p;
        try {
            p = pending.register(packed.messageId(), packed.secrets(), deadline, future);
        } catch (MixnetException e) {
            packed.secrets().forEach(s -> s.destroy());
            requestsFailed.increment();
            return CompletableFuture.failedFuture(e);
        }
        if (closed.get()) { // close() ran between the first check and register()
            pending.remove(p);
            return CompletableFuture.failedFuture(new MixnetClosedException("the mixnet client is closed"));
        }
        future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                pending.remove(p);
            }
        });
        requestsSent.increment();
        for (RequestPacker.Outgoing out : packed.packets()) {
            try {
                producer.send(new ProducerRecord<>(out.topic(), IngressPartitions.of(producer, out.topic(), out.packet()),
                        null, null, out.envelope()), (metadata, error) -> {
                    if (error != null) {
                        failRequest(p, new MixnetException("could not produce a request packet to the first mixer's"
                                + " ingress topic: " + error.getMessage(), error));
                    } else {
                        packetsSent.increment();
                    }
                });
            } catch (RuntimeException e) {
                failRequest(p, closed.get() ? new MixnetClosedException("the mixnet client is closed")
                        : new MixnetException("could not produce a request packet: " + e.getMessage(), e));
                break;
            }
        }
        return future;
    }

    private void failRequest(PendingRequests.Pending p, MixnetException error) {
        if (pending.remove(p)) {
            requestsFailed.increment();
            completeExceptionally(p.future(), error);
        }
    }

    private void complete(CompletableFuture<byte[]> future, byte[] value) {
        try {
            callbacks.execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value);
        }
    }

    private void completeExceptionally(CompletableFuture<byte[]> future, Throwable error) {
        try {
            callbacks.execute(() -> future.completeExceptionally(error));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(error);
        }
    }

    /** Counters since the client started. */
    public MixnetClientStats stats() {
        return new MixnetClientStats(requestsSent.sum(), packetsSent.sum(), repliesCompleted.sum(), serviceErrors.sum(),
                requestsTimedOut.sum(), requestsFailed.sum(), inboxRecords.sum(), repliesNotOurs.sum(),
                repliesForExpiredSurbs.sum(), repliesRejected.sum(), undecodableInboxRecords.sum(), pending.size());
    }

    /**
     * Stops reading replies, fails every pending future with {@link MixnetClosedException}, destroys all
     * SURB secrets, and closes the producer (and the directory reader, if the client created it).
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (cover != null) {
            cover.close();
        }
        inbox.close(closeTimeout);
        for (PendingRequests.Pending p : pending.removeAll()) {
            requestsFailed.increment();
            completeExceptionally(p.future(), new MixnetClosedException("the mixnet client was closed before the reply"
                    + " arrived"));
        }
        try {
            producer.close(closeTimeout);
        } catch (RuntimeException e) {
            LOG.warn("Closing the request producer failed: {}", e.toString());
        }
        if (ownedDirectory != null) {
            ownedDirectory.close();
        }
    }

    /** Inbox records, on the inbox thread. */
    private final class InboxListener implements ReplyInbox.Listener {

        @Override
        public void onRecord(byte[] value) {
            inboxRecords.increment();
            InboxMessage message;
            try {
                message = INBOX_CODEC.decode(value);
            } catch (RecordDecodingException e) {
                undecodableInboxRecords.increment();
                return;
            }
            SurbId id = SurbId.of(message.getSurbId().bytes());
            PendingRequests.Lookup lookup = pending.take(id);
            if (lookup instanceof PendingRequests.Unknown) {
                repliesNotOurs.increment();
                return;
            }
            if (lookup instanceof PendingRequests.Retired) {
                repliesForExpiredSurbs.increment();
                return;
            }
            PendingRequests.Found found = (PendingRequests.Found) lookup;
            ReplyFrame frame;
            try {
                byte[] opened = sphinx.openReply(found.secret(), AvroCodec.copyBytes(message.getPayload()));
                frame = ReplyFrame.decode(opened, limits);
            } catch (PacketException e) {
                rejectReply(found.pending(), "a reply packet failed its integrity check (modified in transit)");
                return;
            } catch (FrameException e) {
                rejectReply(found.pending(), "the service sent a malformed reply fragment: " + e.getMessage());
                return;
            } finally {
                found.secret().destroy();
            }
            PendingRequests.ReplyOutcome outcome = pending.accept(found.pending(), frame);
            if (outcome instanceof PendingRequests.Completed c) {
                repliesCompleted.increment();
                complete(c.pending().future(), c.reply());
            } else if (outcome instanceof PendingRequests.Failed f) {
                serviceErrors.increment();
                completeExceptionally(f.pending().future(), f.error());
            } else if (outcome instanceof PendingRequests.Rejected r) {
                rejectReply(found.pending(), "the service sent an inconsistent reply: " + r.reason());
            }
        }

        private void rejectReply(PendingRequests.Pending p, String reason) {
            repliesRejected.increment();
            // The SURB is used up, so this request can never get a whole reply: fail it now, not at its deadline.
            failRequest(p, new MixnetException(reason));
        }

        @Override
        public void onTick(long nowMillis) {
            List<PendingRequests.Pending> expired = pending.expire(nowMillis);
            for (PendingRequests.Pending p : expired) {
                requestsTimedOut.increment();
                completeExceptionally(p.future(), new MixnetTimeoutException("no complete reply before the deadline"
                        + " (request timeout " + requestTimeout + ", or the end of the grace period of the key epoch,"
                        + " whichever is sooner); its SURBs were dropped"));
            }
        }

        @Override
        public void onFailure(RuntimeException error) {
            inboxFailure = error instanceof MixnetException m ? m : new MixnetException(error.getMessage(), error);
            for (PendingRequests.Pending p : pending.removeAll()) {
                requestsFailed.increment();
                completeExceptionally(p.future(), new MixnetException("the reply inbox reader stopped: "
                        + error.getMessage(), error));
            }
        }
    }

    /**
     * Builds a {@link MixnetClient}. Required: the Kafka client configuration, a directory (topic and
     * trust policy, or a shared snapshot supplier), and the reply inbox topic.
     */
    public static final class Builder {
        private Map<String, Object> clientConfig;
        private Supplier<DirectorySnapshot> directory;
        private String directoryTopic;
        private TrustPolicy trustPolicy;
        private String replyInboxTopic;
        private int forwardHops = 2;
        private int replyHops = 1;
        private DelayDistribution forwardDelay = DelayDistribution.zero();
        private DelayDistribution replyDelay = DelayDistribution.zero();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private EpochSchedule epochSchedule = EpochSchedule.defaults();
        private Geometry geometry = Geometry.defaults();
        private int maxPendingRequests = 1_000;
        private Executor callbackExecutor = ForkJoinPool.commonPool();
        private SecureRandom random;
        private double coverPacketsPerSecond;
        private Duration minKeyLifetime = RequestPacker.DEFAULT_MIN_KEY_LIFETIME;

        private Builder() {
        }

        /**
         * How long, at least, the mixers must still accept the keys a request is built with (default 30 s).
         * Near the end of an epoch whose grace is shorter than this, requests use the next epoch's keys,
         * which mixers announce ahead and already accept, so that a request is not cut off by the boundary.
         */
        public Builder minKeyLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative()) {
                throw new IllegalArgumentException("the minimum key lifetime must be >= 0, found " + lifetime);
            }
            this.minKeyLifetime = lifetime;
            return this;
        }

        /**
         * Sends drop packets as a Poisson process of this mean rate, half along the forward path and
         * half along the reply path (0, the default, sends none). Cover traffic hides when the client
         * is active and keeps pool and threshold mixers moving when real traffic pauses.
         */
        public Builder coverTraffic(double packetsPerSecond) {
            if (packetsPerSecond < 0 || Double.isNaN(packetsPerSecond) || Double.isInfinite(packetsPerSecond)) {
                throw new IllegalArgumentException("cover traffic rate must be >= 0 packets per second, found " + packetsPerSecond);
            }
            this.coverPacketsPerSecond = packetsPerSecond;
            return this;
        }

        /**
         * Ordinary Kafka client properties ({@code bootstrap.servers}, {@code security.protocol},
         * {@code sasl.*}, {@code ssl.*}, timeouts...), used for the producer, the inbox consumer and the
         * directory reader. Serializers, group id and offset handling are set by the client.
         */
        public Builder clientConfig(Map<String, ?> config) {
            Objects.requireNonNull(config, "config");
            Map<String, Object> m = new HashMap<>();
            config.forEach((k, v) -> m.put(k, v));
            this.clientConfig = m;
            return this;
        }

        /** As {@link #clientConfig(Map)}, from {@link Properties} (e.g. a loaded client.properties file). */
        public Builder clientConfig(Properties properties) {
            Map<String, Object> m = new HashMap<>();
            properties.stringPropertyNames().forEach(k -> m.put(k, properties.getProperty(k)));
            this.clientConfig = m;
            return this;
        }

        /** As {@link #clientConfig(Map)}, from {@link ClientSettings} (bootstrap servers plus a client config file). */
        public Builder clientConfig(ClientSettings settings) {
            return clientConfig(settings.asClientConfig());
        }

        /**
         * Read the directory from this compacted topic with a reader the client creates (and closes);
         * the client waits for it to catch up when built. Needs {@link #trustPolicy}.
         */
        public Builder directoryTopic(String topic) {
            this.directoryTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Which mixer identities the client's directory reader accepts. */
        public Builder trustPolicy(TrustPolicy trust) {
            this.trustPolicy = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * Use a directory the caller keeps up to date, e.g. {@code reader::snapshot} of a
         * {@link DirectoryReader} shared by several clients (the client does not close it).
         */
        public Builder directory(Supplier<DirectorySnapshot> snapshots) {
            this.directory = Objects.requireNonNull(snapshots, "snapshots");
            return this;
        }

        /** The shared reply-inbox topic the response mixers deliver to. */
        public Builder replyInboxTopic(String topic) {
            this.replyInboxTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Forward mixers per route, before the exit to the service (default 2). */
        public Builder forwardHops(int hops) {
            this.forwardHops = hops;
            return this;
        }

        /** Response mixers per SURB route (default 1). */
        public Builder replyHops(int hops) {
            this.replyHops = hops;
            return this;
        }

        /** Per-hop delays of forward packets (default zero; exponential for continuous mixers). */
        public Builder forwardDelay(DelayDistribution delays) {
            this.forwardDelay = Objects.requireNonNull(delays, "delays");
            return this;
        }

        /** Per-hop delays written into SURBs for the reply path (default zero). */
        public Builder replyDelay(DelayDistribution delays) {
            this.replyDelay = Objects.requireNonNull(delays, "delays");
            return this;
        }

        /** The same per-hop delay distribution for forward packets and SURBs. */
        public Builder hopDelay(DelayDistribution delays) {
            return forwardDelay(delays).replyDelay(delays);
        }

        /**
         * How long a request waits for its whole reply (default 60 s). The deadline is earlier if the key
         * epoch's grace period ends first: its SURBs cannot be used after that.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** How long {@link #build()} waits for the directory and the inbox (default 30 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "start timeout");
            return this;
        }

        /** How long {@link MixnetClient#close()} waits for the inbox reader and the producer (default 5 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The network's epoch schedule (default one-hour epochs, ten-minute grace). */
        public Builder epochSchedule(EpochSchedule schedule) {
            this.epochSchedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** The network's packet geometry (default {@link Geometry#defaults()}). */
        public Builder geometry(Geometry geometry) {
            this.geometry = Objects.requireNonNull(geometry, "geometry");
            return this;
        }

        /**
         * Most requests waiting for replies at once (default 1,000); more fail at once. This bounds the
         * client's memory: per request its SURB secrets (about 200 bytes each) and at most
         * {@link MessageLimits#maxReplyBytes()} of reply fragments, so about 24 MB for 1,000 requests.
         */
        public Builder maxPendingRequests(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingRequests must be >= 1, found " + max);
            }
            this.maxPendingRequests = max;
            return this;
        }

        /** Where futures are completed (default the common fork-join pool). */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The random source of all routes, delays, ids and keys (default a new {@link SecureRandom}). */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Starts the client: reads the directory (if it owns the reader) and positions the inbox reader at
         * the end of the inbox topic. Requests can be sent as soon as this returns.
         *
         * @throws IllegalStateException if a required setting is missing or contradictory
         * @throws MixnetException       if the directory or the inbox cannot be read in the start timeout
         */
        public MixnetClient build() {
            if (clientConfig == null || clientConfig.get("bootstrap.servers") == null) {
                throw new IllegalStateException("a Kafka client configuration with bootstrap.servers is required");
            }
            if (replyInboxTopic == null) {
                throw new IllegalStateException("the reply inbox topic is required (replyInboxTopic)");
            }
            if ((directory == null) == (directoryTopic == null)) {
                throw new IllegalStateException("exactly one of directory(snapshots) and directoryTopic(topic) is required");
            }
            if (directoryTopic != null && trustPolicy == null) {
                throw new IllegalStateException("directoryTopic needs a trustPolicy: which mixer identities to accept");
            }
            MessageLimits.of(geometry); // refuses geometries too small for the request frame
            if (random == null) {
                random = new SecureRandom();
            }
            DirectoryReader reader = null;
            Supplier<DirectorySnapshot> snapshots = directory;
            if (directoryTopic != null) {
                reader = DirectoryStart.start(clientConfig, directoryTopic, trustPolicy, startTimeout);
                snapshots = reader::snapshot;
            }
            try {
                return new MixnetClient(this, clientConfig, snapshots, reader);
            } catch (RuntimeException e) {
                if (reader != null) {
                    reader.close();
                }
                throw e;
            }
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, found " + d);
            }
            return d;
        }
    }

    @Override
    public String toString() {
        return "MixnetClient[pending=" + pending.size() + (closed.get() ? ", closed" : "") + "]";
    }
}
