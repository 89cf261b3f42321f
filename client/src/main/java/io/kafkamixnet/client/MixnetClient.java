package io.kafkamixnet.client;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.internals.ClientCounters;
import io.kafkamixnet.client.internals.CoverTrafficLoop;
import io.kafkamixnet.client.internals.IngressProducer;
import io.kafkamixnet.client.internals.NetworkSettings;
import io.kafkamixnet.client.internals.PendingRequests;
import io.kafkamixnet.client.internals.ReplyInbox;
import io.kafkamixnet.client.internals.ReplyReceiver;
import io.kafkamixnet.client.internals.RequestCompletion;
import io.kafkamixnet.client.internals.RequestPacker;
import io.kafkamixnet.client.internals.ShapedSender;
import io.kafkamixnet.client.internals.StartedDirectory;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
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

    private final MessageLimits limits;
    private final RequestPacker packer;
    private final PendingRequests pending;
    private final ClientCounters counters = new ClientCounters();
    private final RequestCompletion completion;
    private final StartedDirectory directory;
    private final Producer<byte[], byte[]> producer;
    private final ReplyReceiver replies;
    private final ReplyInbox inbox;
    private final Duration requestTimeout;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CoverTrafficLoop cover;
    /** Null when loop cover is off. */
    private final CoverTrafficLoop loopCover;

    private final HeartbeatMonitor loopMonitor;
    /** Null unless rate shaping is on. */
    private final ShapedSender shaper;

    private MixnetClient(Builder b, StartedDirectory directory, StartupRetry startup) {
        NetworkSettings network = b.network;
        Sphinx sphinx = new Sphinx(network.geometry(), b.random);
        this.limits = MessageLimits.of(network.geometry());
        this.packer = new RequestPacker(
                sphinx,
                b.epochSchedule,
                b.forwardHops,
                b.replyHops,
                b.forwardDelay,
                b.replyDelay,
                b.random,
                b.minKeyLifetime,
                b.avoidAlarmedMixers);
        this.pending = new PendingRequests(b.maxPendingRequests, Math.max(1024, 4 * b.maxPendingRequests));
        this.completion = new RequestCompletion(pending, counters, b.callbackExecutor);
        this.directory = directory;
        this.requestTimeout = b.requestTimeout;
        this.closeTimeout = b.closeTimeout;
        this.producer = IngressProducer.create(network.clientConfig());
        this.replies = new ReplyReceiver(sphinx, pending, counters, completion, requestTimeout);
        try {
            this.inbox = new ReplyInbox(network.clientConfig(), b.replyInboxTopic, startup, replies);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.cover = b.coverPacketsPerSecond > 0
                ? new CoverTrafficLoop(b.coverPacketsPerSecond, b.random, this::sendDrop).start()
                : null;
        this.shaper = b.shapedPacketsPerSecond > 0
                ? new ShapedSender(b.shapedPacketsPerSecond, b.random, () -> sendDrop(MixerRole.FORWARD)).start()
                : null;
        if (b.loopsPerSecond > 0) {
            this.loopMonitor = new HeartbeatMonitor(
                    "Client",
                    b.loopWindow,
                    b.loopGrace,
                    LOOP_EXPECTED_RETURN,
                    LOOP_FALSE_ALARM,
                    false,
                    counters.loopListener(),
                    System.currentTimeMillis());
            replies.recogniseLoops(loopMonitor);
            this.loopCover = new CoverTrafficLoop(b.loopsPerSecond, b.random, role -> sendLoop()).start();
        } else {
            this.loopMonitor = null;
            this.loopCover = null;
        }
    }

    /** Share of loops an honest network returns within the grace: the test's null hypothesis. */
    static final double LOOP_EXPECTED_RETURN = 0.9;

    /** False-alarm probability of one loop test (one a second at most). */
    static final double LOOP_FALSE_ALARM = 1e-6;

    /** Builds one loop packet through response mixers back to the reply inbox and hands it to the producer. */
    private void sendLoop() {
        long now = System.currentTimeMillis();
        RequestPacker.Loop loop = packer.packLoop(directory.snapshots().get(), now);
        loopMonitor.sent(loop.surbId().bytes(), now);
        producer.send(IngressProducer.record(producer, loop.packet()));
    }

    /** Builds one drop packet along the path of {@code role} and hands it to the producer. */
    private void sendDrop(MixerRole role) {
        RequestPacker.Outgoing out = packer.packDrop(directory.snapshots().get(), System.currentTimeMillis(), role);
        producer.send(IngressProducer.record(producer, out));
    }

    /** Drop packets sent in rate shaping's empty slots so far (0 when rate shaping is off). */
    public long shapedCoverPacketsSent() {
        return shaper == null ? 0 : shaper.coverSent();
    }

    /** Drop packets of cover traffic sent so far (0 when cover traffic is off). */
    public long coverPacketsSent() {
        return cover == null ? 0 : cover.sent();
    }

    public static Builder builder() {
        return new Builder();
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
     * error), {@link NoRouteException} (the directory lacks mixers), {@link InvalidDirectoryException}
     * (the directory's snapshot source failed, or an entry could not be packed),
     * {@link MixnetClosedException}, or {@link MixnetException} (producing failed, or a reply failed its
     * integrity check). Problems of the directory never throw from this method: they fail the future and
     * are counted in {@link MixnetClientStats#directoryFailures()}. Cancelling the future drops its SURBs.
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
        MixnetException failure = replies.failure();
        if (failure != null) {
            return CompletableFuture.failedFuture(
                    new MixnetException("the client cannot receive replies: " + failure.getMessage(), failure));
        }
        long now = System.currentTimeMillis();
        RequestPacker.Packed packed;
        try {
            packed = pack(now, service, request, fragments);
        } catch (NoRouteException | InvalidDirectoryException e) {
            counters.requestFailedOnDirectory();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        long deadline = Math.min(now + requestTimeout.toMillis(), packed.graceUntilMillis());
        PendingRequests.Pending p;
        try {
            p = pending.register(packed.messageId(), packed.secrets(), deadline, future);
        } catch (MixnetException e) {
            packed.secrets().forEach(s -> s.destroy());
            counters.requestFailed();
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
        counters.requestSent();
        if (shaper != null) {
            // Each packet waits for a slot of the constant-rate schedule (the close path fails leftovers).
            for (RequestPacker.Outgoing out : packed.packets()) {
                shaper.enqueue(() -> sendRequestPacket(p, out));
            }
            return future;
        }
        for (RequestPacker.Outgoing out : packed.packets()) {
            if (!sendRequestPacket(p, out)) {
                break;
            }
        }
        return future;
    }

    /** Produces one packet of request {@code p}; false (and {@code p} failed) if the producer refused it. */
    private boolean sendRequestPacket(PendingRequests.Pending p, RequestPacker.Outgoing out) {
        {
            try {
                producer.send(IngressProducer.record(producer, out), (metadata, error) -> {
                    if (error != null) {
                        completion.fail(
                                p,
                                new MixnetException(
                                        "could not produce a request packet to the first mixer's" + " ingress topic: "
                                                + error.getMessage(),
                                        error));
                    } else {
                        counters.packetSent();
                    }
                });
            } catch (RuntimeException e) {
                completion.fail(
                        p,
                        closed.get()
                                ? new MixnetClosedException("the mixnet client is closed")
                                : new MixnetException("could not produce a request packet: " + e.getMessage(), e));
                return false;
            }
        }
        return true;
    }

    /**
     * Packs a request with the current directory. Whatever goes wrong with the directory — its snapshot
     * source throws or returns null, or an entry is refused while building packets — surfaces as a
     * typed exception for the returned future, never as an unchecked exception from {@link #request}.
     * Messages name the kind of failure only: never a mixer of the route, a key or the request.
     *
     * @throws NoRouteException          too few usable mixers of a role
     * @throws InvalidDirectoryException the snapshot or an entry could not be used
     */
    private RequestPacker.Packed pack(long now, String service, byte[] request, int fragments) {
        DirectorySnapshot snapshot;
        try {
            snapshot = directory.snapshots().get();
        } catch (RuntimeException e) {
            throw new InvalidDirectoryException(
                    "the directory snapshot source failed (" + e.getClass().getName() + ")", e);
        }
        if (snapshot == null) {
            throw new InvalidDirectoryException(
                    "the directory snapshot source returned null, expected a DirectorySnapshot", null);
        }
        try {
            return packer.pack(snapshot, now, service, request, fragments);
        } catch (NoRouteException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidDirectoryException(
                    "a request could not be packed with the current directory of " + snapshot.size()
                            + " mixers: building a packet failed ("
                            + e.getClass().getName() + ")",
                    e);
        }
    }

    /** Counters since the client started. */
    public MixnetClientStats stats() {
        return counters.stats(
                pending.size(),
                packer.selector().plansAvoidingAlarmedMixers(),
                packer.selector().plansWithAlarmedMixers());
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
        if (loopCover != null) {
            loopCover.close();
        }
        if (shaper != null) {
            shaper.close(); // queued packets' requests are failed with the other pending ones below
        }
        inbox.close(closeTimeout);
        completion.failAll(() -> new MixnetClosedException("the mixnet client was closed before the reply arrived"));
        try {
            producer.close(closeTimeout);
        } catch (RuntimeException e) {
            LOG.warn("Closing the request producer failed: {}", e.toString());
        }
        directory.close();
    }

    /**
     * Builds a {@link MixnetClient}. Required: the Kafka client configuration, a directory (topic and
     * trust policy, or a shared snapshot supplier), and the reply inbox topic. What services configure
     * too (Kafka client, directory, geometry, start timeout) is held by {@link NetworkSettings}.
     */
    public static final class Builder {
        private final NetworkSettings network = new NetworkSettings();
        private String replyInboxTopic;
        private int forwardHops = 2;
        private boolean avoidAlarmedMixers = true;
        private int replyHops = 1;
        private DelayDistribution forwardDelay = DelayDistribution.zero();
        private DelayDistribution replyDelay = DelayDistribution.zero();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private EpochSchedule epochSchedule = EpochSchedule.defaults();
        private int maxPendingRequests = 1_000;
        private Executor callbackExecutor = ForkJoinPool.commonPool();
        private SecureRandom random;
        private double coverPacketsPerSecond;
        private double loopsPerSecond;
        private double shapedPacketsPerSecond;
        private Duration loopWindow = Duration.ofMinutes(1);
        private Duration loopGrace = Duration.ofSeconds(30);
        private Duration minKeyLifetime = RequestPacker.DEFAULT_MIN_KEY_LIFETIME;

        private Builder() {}

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
                throw new IllegalArgumentException(
                        "cover traffic rate must be >= 0 packets per second, found " + packetsPerSecond);
            }
            this.coverPacketsPerSecond = packetsPerSecond;
            return this;
        }

        /**
         * Sends loop packets (Loopix's loop cover) as a Poisson process of this mean rate (0, the
         * default, sends none): each is a reply block through random RESPONSE mixers that the client
         * builds for itself and that comes back to it through the reply inbox, indistinguishable from a
         * service's reply at every mixer. The client tests whether enough came back, as mixers test
         * their heartbeat loops ({@link #loopDetection}, docs/defences.md), and reports it in
         * {@link MixnetClientStats#loopAlarm()}: too few back means its traffic is being held back.
         */
        public Builder loopCoverTraffic(double loopsPerSecond) {
            if (loopsPerSecond < 0 || Double.isNaN(loopsPerSecond) || Double.isInfinite(loopsPerSecond)) {
                throw new IllegalArgumentException(
                        "loop cover traffic rate must be >= 0 loops per second, found " + loopsPerSecond);
            }
            this.loopsPerSecond = loopsPerSecond;
            return this;
        }

        /**
         * Rate shaping (Loopix's send queue): forward packets leave only at the times of a Poisson
         * process of this mean rate (0, the default, turns it off). At each time the oldest waiting
         * request packet leaves, or a forward drop packet when none waits, so the number of packets the
         * broker sees from this client says nothing about when it sends requests; requests beyond the
         * rate wait their turn (latency grows, volume does not). Combine with {@link #coverTraffic}
         * only for the reply path's cover: shaping already keeps the forward path busy.
         */
        public Builder rateShaping(double packetsPerSecond) {
            if (packetsPerSecond < 0 || Double.isNaN(packetsPerSecond) || Double.isInfinite(packetsPerSecond)) {
                throw new IllegalArgumentException(
                        "the shaped rate must be >= 0 packets per second, found " + packetsPerSecond);
            }
            this.shapedPacketsPerSecond = packetsPerSecond;
            return this;
        }

        /**
         * The loop test ({@link #loopCoverTraffic}): loops sent within {@code window} are tested together
         * once each has had {@code grace} to come back (defaults 1 minute and 30 seconds); the alarm is
         * raised when fewer came back than an honest network returning 90 % would give with probability
         * 10^-6.
         */
        public Builder loopDetection(Duration window, Duration grace) {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(grace, "grace");
            if (window.toMillis() < 100 || grace.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "the loop window must be at least 100ms and the grace at least 1ms, found " + window + " and "
                                + grace);
            }
            this.loopWindow = window;
            this.loopGrace = grace;
            return this;
        }

        /**
         * Ordinary Kafka client properties ({@code bootstrap.servers}, {@code security.protocol},
         * {@code sasl.*}, {@code ssl.*}, timeouts...), used for the producer, the inbox consumer and the
         * directory reader. Serializers, group id and offset handling are set by the client.
         */
        public Builder clientConfig(Map<String, ?> config) {
            network.clientConfig(config);
            return this;
        }

        /** As {@link #clientConfig(Map)}, from {@link Properties} (e.g. a loaded client.properties file). */
        public Builder clientConfig(Properties properties) {
            network.clientConfig(properties);
            return this;
        }

        /** As {@link #clientConfig(Map)}, from {@link ClientSettings} (bootstrap servers plus a client config file). */
        public Builder clientConfig(ClientSettings settings) {
            network.clientConfig(settings);
            return this;
        }

        /**
         * Read the directory from this compacted topic with a reader the client creates (and closes);
         * the client waits for it to catch up when built. Needs {@link #trustPolicy}.
         */
        public Builder directoryTopic(String topic) {
            network.directoryTopic(topic);
            return this;
        }

        /**
         * How far ahead of this host's clock a descriptor's publication time may be before the client's
         * own directory reader refuses it ({@code FUTURE_DATED}): default
         * {@link DirectoryReader#DEFAULT_CLOCK_TOLERANCE} (5 min), at most
         * {@link DirectoryReader#MAX_CLOCK_TOLERANCE} (1 h). Only for {@link #directoryTopic}; a
         * {@link #directory(Supplier)} is dated by whoever reads it.
         *
         * @throws IllegalArgumentException if negative or above one hour
         */
        public Builder directoryClockTolerance(Duration tolerance) {
            network.directoryClockTolerance(tolerance);
            return this;
        }

        /** Which mixer identities the client's directory reader accepts. */
        public Builder trustPolicy(TrustPolicy trust) {
            network.trustPolicy(trust);
            return this;
        }

        /**
         * Use a directory the caller keeps up to date, e.g. {@code reader::snapshot} of a
         * {@link DirectoryReader} shared by several clients (the client does not close it).
         */
        public Builder directory(Supplier<DirectorySnapshot> snapshots) {
            network.directory(snapshots);
            return this;
        }

        /** The shared reply-inbox topic the response mixers deliver to. */
        public Builder replyInboxTopic(String topic) {
            this.replyInboxTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Whether routes avoid mixers whose descriptor reports a heartbeat alarm (too few of their loops
         * came back: an (n-1) attack on them, or a dropping mixer) when the other mixers allow a route
         * (default true). docs/client.md says what it protects against and what it costs.
         */
        public Builder avoidAlarmedMixers(boolean avoid) {
            this.avoidAlarmedMixers = avoid;
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

        /**
         * How long {@link #build()} may take in all (default 30 s): reading the directory topic to its end and
         * finding the reply inbox topic and its end offsets, waiting out transient cluster errors (a broker
         * still starting, a topic not created yet, no leader yet) with backoff. An error waiting cannot fix
         * (authorization, an invalid topic name) fails at once; the final error names the step, the last
         * error and this setting.
         */
        public Builder startTimeout(Duration timeout) {
            network.startTimeout(positive(timeout, "start timeout"));
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
            network.geometry(geometry);
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
            network.requireClientConfig();
            if (replyInboxTopic == null) {
                throw new IllegalStateException("the reply inbox topic is required (replyInboxTopic)");
            }
            network.requireDirectorySource();
            MessageLimits.of(network.geometry()); // refuses geometries too small for the request frame
            if (random == null) {
                random = new SecureRandom();
            }
            return network.start("MixnetClient", (directory, startup) -> new MixnetClient(this, directory, startup));
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
