package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryException;
import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.topology.cover.LoopPath;
import io.kafkamixnet.topology.cover.MixerCover;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running mixer: provisions its topics, runs its Kafka Streams topology, keeps its epoch keys
 * and partition count fresh, publishes its signed descriptor to the directory, and exposes its
 * metrics. The {@code mixnet mixer} command and the demo wrap this class.
 *
 * <pre>
 *   try (MixerApplication mixer = MixerApplication.create(config, ClientSettings.load(bootstrap, clientConfigFile))) {
 *       mixer.start();
 *       mixer.awaitRunning(Duration.ofMinutes(1));
 *       ...
 *   }
 * </pre>
 *
 * <p>Keys: the epoch keys are an {@link EpochKeyRing} on {@code keys.dir}. At start and at every
 * change of the accepted epochs ({@link io.kafkamixnet.directory.EpochSchedule#nextChangeMillis}) the
 * ring makes sure the current and next keys exist (generating them owner-only when
 * {@code keys.generate=true}) and wipes the keys whose grace has ended (forward secrecy); it also
 * re-reads {@code keys.dir} every 30 seconds for key files copied there.
 *
 * <p>Directory: with {@code directory.topic} set, the mixer signs a descriptor with its long-term
 * identity ({@code keys.dir/identity.key}, written by {@code mixnet keygen}; the mixer refuses to be
 * created without it) and publishes it after its topics are provisioned, while Kafka Streams starts
 * ({@link #start()} returns once it is published); then again whenever the announced keys change, and at least every
 * {@code directory.publish-interval}, so a reader that starts late always finds a fresh one.
 *
 * <p>Failure policy: a stream thread that dies of an unexpected error is replaced (bad input never
 * gets that far: it is dead-lettered); a pool store key that cannot open the held packets stops the
 * instance ({@link #failure()}), because running on would drop them, and so does being fenced by
 * another live instance with the same {@code mixer.instance-id}, because replacing the thread would
 * fence the other one in turn, forever. At start, transient cluster
 * errors (a topic just created that a broker does not know yet, no leader or controller yet, a broker
 * still starting, timeouts) are retried with backoff for {@code startup.retry.timeout} (default 60 s),
 * then fail {@link #start()} with a message that says which step, for how long, and the last error;
 * errors waiting cannot fix (authorization, invalid config) fail it at once. A descriptor that cannot be
 * published at start fails {@link #start()}; later failures are logged and retried every 5 seconds
 * while the mixer keeps mixing (its last descriptor stays valid until its keys' grace ends).
 *
 * <p>Metrics: {@link #metrics()} are the mixer's own counters; {@link #meterBinder()} exports them to a
 * Micrometer registry. With {@code metrics.port} set, {@link #start()} also serves them, with Kafka
 * Streams', the admin client's and JVM metrics, at {@code http://metrics.bind-address:port/metrics} in the
 * Prometheus format ({@link #metricsUri()}); a port that cannot be bound fails {@code start()}. See
 * docs/operations.md, "Metrics".
 *
 * <p>This class composes the parts, each in its own class: {@link MixerTopics} (provisioning),
 * {@link MixerStreams} (the Kafka Streams lifecycle and failure policy), {@link EpochKeyRotator},
 * {@link DescriptorAnnouncer}, {@link PartitionCountRefresher}, {@link Housekeeping} (the
 * background thread that runs the last three), {@code MixerTelemetry} (the metrics endpoint), and,
 * for a forward mixer with response-path heartbeat loops, {@link LoopInboxReader} (reads them back
 * from the shared reply inbox).
 */
public final class MixerApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixerApplication.class);
    /** How long a failed start waits for Kafka Streams to stop, and then for its descriptor thread. */
    private static final Duration STARTUP_ABORT_TIMEOUT = Duration.ofSeconds(10);
    /** Pins of the directory reader that routes dummies and loops, in {@code keys.dir}. */
    static final String COVER_PIN_FILE = "directory-pins";

    private final MixerConfig config;
    private final ClientSettings cluster;
    private final PoolStoreKey storeKey;
    private final MixerIdentity identity;
    private final MixerMetrics metrics = new MixerMetrics();
    private final MixerTopics topics;
    private final MixerStreams streams;
    private final EpochKeyRotator keys;
    private final PartitionCountRefresher ingressPartitions;
    /** Null when {@code directory.topic} is unset. */
    private final DescriptorAnnouncer announcer;
    /** Reads the directory that dummies and loops are routed over; null when neither is on. */
    private final DirectoryReader coverDirectory;
    /** Null when neither dummies nor loops are on. */
    private final MixerCover cover;

    private final Topology topology;
    private final MixerMeterBinder meterBinder;
    /** Sphinx unwraps on every core ahead of the stream threads (see {@link UnwrapAhead}). */
    private final UnwrapAhead unwrapAhead;

    private Admin admin;
    /** Null unless {@code metrics.port} is set and the mixer started. */
    private volatile MixerTelemetry telemetry;

    private Housekeeping housekeeping;
    /** Reads a forward mixer's reply-path loops back from the reply inbox; null otherwise or before start. */
    private LoopInboxReader loopInbox;

    private boolean closed;

    private MixerApplication(
            MixerConfig config,
            ClientSettings cluster,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(keyring, "keyring");
        this.storeKey = Objects.requireNonNull(storeKey, "storeKey");
        if (config.directoryTopic().isPresent() && identity == null) {
            throw new IllegalArgumentException("mixer " + config.mixerId() + " publishes to directory.topic="
                    + config.directoryTopic().get() + " and needs a MixerIdentity to sign its descriptor");
        }
        this.identity = identity;
        this.topics = new MixerTopics(config);
        this.streams = new MixerStreams(config);
        this.keys = new EpochKeyRotator(config, keyring);
        this.ingressPartitions = new PartitionCountRefresher(config);
        this.announcer = identity == null ? null : new DescriptorAnnouncer(config, keyring, identity, this::health);
        if (config.defences().any()) {
            // Trust on first use, pinned next to the keys: the mixer routes its own cover over the
            // descriptors it reads, and a pin keeps one mixer id from changing hands under it.
            this.coverDirectory = new DirectoryReader(
                    cluster.asClientConfig(),
                    config.directoryTopic().orElseThrow(),
                    TrustPolicy.pinning(config.keyDirectory().resolve(COVER_PIN_FILE)));
            this.cover =
                    MixerTopology.cover(config, keyring, metrics, coverDirectory::snapshot, System.currentTimeMillis());
        } else {
            this.coverDirectory = null;
            this.cover = null;
        }
        this.unwrapAhead = new UnwrapAhead(config, keyring, ingressPartitions::get);
        this.topology =
                MixerTopology.build(config, keyring, storeKey, metrics, ingressPartitions::get, cover, unwrapAhead);
        this.meterBinder = new MixerMeterBinder(config, metrics, announcer, ingressPartitions);
    }

    /**
     * A mixer with the epoch keys, pool store key and (when {@code directory.topic} is set) identity
     * from {@code config.keyDirectory()}.
     *
     * @throws NoSuchFileException if {@code directory.topic} is set and the key directory holds no
     *     identity (the message says to run {@code mixnet keygen})
     * @throws IOException if the key directory or a key file is missing, malformed or not owner-only
     */
    public static MixerApplication create(MixerConfig config, ClientSettings cluster) throws IOException {
        LOG.info("Mixer {}: reading keys from {}", config.mixerId(), config.keyDirectory());
        PoolStoreKey storeKey = PoolStoreKey.read(config.keyDirectory());
        MixerIdentity identity = null;
        if (config.directoryTopic().isPresent()) {
            identity = readIdentity(config);
        }
        EpochKeyRing keyring = EpochKeyRing.open(
                config.keyDirectory(), config.epochSchedule(), new SecureRandom(), config.generateKeys());
        return new MixerApplication(config, cluster, keyring, storeKey, identity);
    }

    private static MixerIdentity readIdentity(MixerConfig config) throws IOException {
        // Not generated here: every instance of a mixer must sign with the same identity, and clients
        // must be told its public key; both are an operator's step (mixnet keygen prints the key).
        if (!Files.exists(MixerIdentityFiles.path(config.keyDirectory()))) {
            throw new NoSuchFileException(
                    MixerIdentityFiles.path(config.keyDirectory()).toString(),
                    null,
                    "mixer " + config.mixerId() + " publishes its descriptor to directory.topic="
                            + config.directoryTopic().orElseThrow()
                            + " but has no identity key: run `mixnet keygen --dir "
                            + config.keyDirectory()
                            + "` to write one, copy it to every instance of this mixer, and add the"
                            + " identity public key it prints to the clients' trusted mixers");
        }
        return MixerIdentityFiles.read(config.keyDirectory());
    }

    /** A mixer with keys given directly (embedded use, tests); {@code config} must not set {@code directory.topic}. */
    public static MixerApplication create(
            MixerConfig config, ClientSettings cluster, EpochKeyRing keyring, PoolStoreKey storeKey) {
        return new MixerApplication(config, cluster, keyring, storeKey, null);
    }

    /** A mixer with keys and the identity that signs its descriptors given directly (embedded use, tests). */
    public static MixerApplication create(
            MixerConfig config,
            ClientSettings cluster,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerIdentity identity) {
        return new MixerApplication(config, cluster, keyring, storeKey, Objects.requireNonNull(identity, "identity"));
    }

    /**
     * Creates or updates the topics (per {@code topics.provision}), makes sure the current and next
     * epoch keys exist, then starts processing and, at the same time, publishes the descriptor (with
     * {@code directory.topic}). Returns once Kafka Streams is started and the first descriptor is
     * published; see {@link #awaitRunning}.
     *
     * <p>The descriptor is published while Kafka Streams joins its group and restores its pool rather
     * than before: reading the directory topic back (to continue the descriptor sequence) and signing
     * cost a restart about as much as the join itself, and nothing the mixer processes depends on
     * them. A packet for this mixer needs its epoch keys, which exist (and are announced by the previous
     * descriptor, on a restart) before either starts.
     *
     * @throws io.kafkamixnet.admin.TopicProvisioningException if topics cannot be provisioned
     * @throws io.kafkamixnet.directory.DirectoryException if the descriptor cannot be published (Kafka
     *     Streams is then closed again)
     * @throws IllegalStateException if already started or closed, or the directory topic is missing
     * @throws UncheckedIOException if the epoch keys cannot be read or generated
     */
    public synchronized void start() {
        if (streams.started() || closed) {
            throw new IllegalStateException(
                    "mixer " + config.mixerId() + " was already " + (closed ? "closed" : "started"));
        }
        LOG.info("Mixer {}: starting", config.mixerId());
        admin = Admin.create(clientConfig(AdminClientConfig.configNames()));
        CompletableFuture<Void> firstDescriptor = CompletableFuture.completedFuture(null);
        try {
            // Each step waits out transient cluster errors (startup.retry.timeout): a cluster that is
            // still starting, or a topic just created whose metadata has not reached every broker.
            topics.provision(admin);
            LOG.info("Mixer {}: topics provisioned", config.mixerId());
            ingressPartitions.refreshAtStart(admin);
            LOG.info("Mixer {}: ingress topic described", config.mixerId());
            if (cover != null && config.heartbeatReplyInbox().isPresent()) {
                // Positioned at the inbox's end before the first loop can leave, so none is missed.
                loopInbox = new LoopInboxReader(
                        config.mixerId(),
                        clientConfig(org.apache.kafka.clients.consumer.ConsumerConfig.configNames()),
                        config.heartbeatReplyInbox().get(),
                        cover,
                        config.startupRetry());
                loopInbox.start();
                LOG.info(
                        "Mixer {}: reading reply inbox {} for its reply-path loops",
                        config.mixerId(),
                        config.heartbeatReplyInbox().get());
            }
            keys.rotate(System.currentTimeMillis());
            if (config.metricsPort().isPresent()) {
                try {
                    telemetry = MixerTelemetry.start(config, meterBinder, admin);
                } catch (IOException e) {
                    // Not the key directory's problem, which the IOException branch below reports.
                    throw new UncheckedIOException(e.getMessage(), e);
                }
                LOG.info("Mixer {}: serving metrics on {}", config.mixerId(), telemetry.uri());
            }
            if (announcer != null) {
                Map<String, Object> producerConfig = clientConfig(ProducerConfig.configNames());
                producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-directory");
                firstDescriptor = publishFirstDescriptor(producerConfig);
            }
            streams.start(topology, streamsProperties());
            if (telemetry != null) {
                streams.kafkaStreams().ifPresent(telemetry::bindStreams);
            }
            if (coverDirectory != null) {
                // Not awaited: until it has read the directory, dummies and loops find no route and are
                // counted as not built (MixerMetrics#coverNotBuiltCount); mixing does not wait for them.
                coverDirectory.start(config.startupRetry());
            }
            awaitFirstDescriptor(firstDescriptor);
        } catch (IOException e) {
            abortStart(firstDescriptor);
            throw new UncheckedIOException(
                    "mixer " + config.mixerId() + ": cannot read or generate epoch keys in " + config.keyDirectory()
                            + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException | Error e) {
            abortStart(firstDescriptor);
            throw e;
        }
        housekeeping = new Housekeeping(config, admin, ingressPartitions, keys, announcer);
        housekeeping.start();
        LOG.info("Mixer {} started: {}", config.mixerId(), config);
    }

    /**
     * Starts publishing the first descriptor on its own thread. Transient errors (the directory topic's
     * leader not elected yet, a metadata timeout) are retried; an IOException of the key ring is not.
     */
    private CompletableFuture<Void> publishFirstDescriptor(Map<String, Object> producerConfig) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread publisher = new Thread(
                () -> {
                    try {
                        // The read-back of the last published sequence is a start-up step too.
                        announcer.connect(new DirectoryPublisher(
                                producerConfig, config.directoryTopic().orElseThrow(), config.startupRetry()));
                        config.startupRetry()
                                .run(
                                        "publish the descriptor of mixer " + config.mixerId() + " to "
                                                + config.directoryTopic().orElseThrow(),
                                        "the directory topic to accept the record",
                                        left -> {
                                            try {
                                                announcer.publish(System.currentTimeMillis());
                                            } catch (IOException e) {
                                                throw new UncheckedIOException(e);
                                            }
                                        });
                        LOG.info("Mixer {}: first descriptor published", config.mixerId());
                        done.complete(null);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                },
                "mixer-" + config.mixerId() + "-first-descriptor");
        publisher.setDaemon(true);
        publisher.start();
        return done;
    }

    /** Waits for {@link #publishFirstDescriptor}; rethrows its failure as {@code start()} declares it. */
    private void awaitFirstDescriptor(CompletableFuture<Void> firstDescriptor) throws IOException {
        try {
            firstDescriptor.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof StartupException se) {
                throw new DirectoryException(se.getMessage(), se);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * A failed start: Kafka Streams stops, the clients close (which also ends a descriptor thread still
     * retrying), and the descriptor thread is given a moment to finish before its publisher is closed
     * once more, in case it connected after the first close.
     */
    private void abortStart(CompletableFuture<Void> firstDescriptor) {
        if (streams.started()) {
            streams.close(STARTUP_ABORT_TIMEOUT);
        }
        closeClients();
        try {
            firstDescriptor.get(STARTUP_ABORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // its failure is the one being thrown, or follows from the clients closed under it
        }
        if (announcer != null) {
            announcer.close();
        }
    }

    /**
     * Client settings for the admin client and the directory publisher: the {@code kafka.*}
     * properties this kind of client knows (SASL, SSL, timeouts; Streams-only ones are left out), then
     * the cluster settings.
     */
    private Map<String, Object> clientConfig(Set<String> known) {
        Map<String, Object> c = new HashMap<>();
        config.kafkaProperties().forEach((k, v) -> {
            if (known.contains(k)) {
                c.put(k, v);
            }
        });
        c.putAll(cluster.asClientConfig());
        return c;
    }

    private void closeClients() {
        if (loopInbox != null) {
            loopInbox.close();
            loopInbox = null;
        }
        if (announcer != null) {
            announcer.close();
        }
        MixerTelemetry t = telemetry;
        telemetry = null;
        if (t != null) {
            t.close();
        }
        if (coverDirectory != null) {
            coverDirectory.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    /** The topics this mixer creates or updates at start, per {@code topics.provision}. */
    public List<TopicSpec> topicSpecs() {
        return topics.specs();
    }

    /**
     * The Kafka Streams configuration: the cluster settings ({@code kafka.*} from the mixer config,
     * then the client config file and bootstrap servers), then the settings the mixer insists on.
     */
    public Properties streamsProperties() {
        Properties p = MixerStreams.properties(config, cluster);
        unwrapAhead.addTo(p);
        return p;
    }

    /** Waits until the mixer is RUNNING; false on timeout or if it stopped. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR
                    || s == KafkaStreams.State.NOT_RUNNING
                    || s == KafkaStreams.State.PENDING_SHUTDOWN
                    || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The Kafka Streams state, {@code CREATED} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams.state();
    }

    /** Active stream tasks of this instance, e.g. {@code 0_2} for ingress partition 2. */
    public synchronized Set<String> activeTasks() {
        return streams.activeTasks();
    }

    /** Why the instance stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return streams.failure();
    }

    public MixerMetrics metrics() {
        return metrics;
    }

    /**
     * The mixer's meters for a Micrometer registry of the embedding application (the same ones its
     * {@code metrics.port} endpoint serves; see {@link MixerMeterBinder}).
     */
    public MixerMeterBinder meterBinder() {
        return meterBinder;
    }

    /**
     * Where the mixer serves {@code /metrics}, e.g. {@code http://127.0.0.1:9400/metrics}: empty unless
     * {@code metrics.port} is set and the mixer is started.
     */
    public Optional<java.net.URI> metricsUri() {
        MixerTelemetry t = telemetry;
        return t == null ? Optional.empty() : Optional.of(t.uri());
    }

    /**
     * The health the descriptor announces: {@code HEARTBEAT_ALARM} while the heartbeat alarm is raised,
     * {@code OK} otherwise (also while the monitor warms up), unknown without loops.
     */
    private Optional<MixerHealth> health() {
        if (cover == null || cover.heartbeats().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cover.alarm() ? MixerHealth.HEARTBEAT_ALARM : MixerHealth.OK);
    }

    /**
     * The heartbeat monitor (its last test) of the forward-path loops, or of the response-path loops
     * when only those are sent; empty when {@code heartbeat.rate} is 0. {@link #heartbeats()} has each path's.
     */
    public Optional<HeartbeatMonitor> heartbeat() {
        return cover == null ? Optional.empty() : cover.heartbeat();
    }

    /** The heartbeat monitor of each loop path this mixer sends ({@code heartbeat.paths}); empty without loops. */
    public Map<LoopPath, HeartbeatMonitor> heartbeats() {
        return cover == null ? Map.of() : cover.heartbeats();
    }

    public MixerConfig config() {
        return config;
    }

    public Topology topology() {
        return topology;
    }

    /**
     * The public half of the identity that signs this mixer's descriptors, as 64 lowercase hex
     * digits: the form clients' trust lists take ({@code TrustPolicy.trustingHex},
     * {@code TrustPolicy.readKeyList}). Empty when the mixer does not publish ({@code directory.topic}
     * unset). Never the private key.
     */
    public Optional<String> identity() {
        return Optional.ofNullable(identity).map(MixerIdentity::publicKeyHex);
    }

    /** The descriptor most recently published (before signing), empty before the first one. */
    public Optional<MixerInfo> lastDescriptor() {
        return announcer == null ? Optional.empty() : announcer.lastDescriptor();
    }

    /** Partition count of the ingress topic as last seen (0 before {@link #start()}). */
    public int ingressPartitionCount() {
        return ingressPartitions.get();
    }

    /** Closes cleanly within 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops processing: commits what was processed, leaves held packets in the store (another
     * instance or the next start picks them up), and releases the keys. Idempotent.
     *
     * @return false if Kafka Streams did not shut down within {@code timeout}
     */
    public synchronized boolean close(Duration timeout) {
        if (closed) {
            return true;
        }
        closed = true;
        if (housekeeping != null) {
            housekeeping.close();
        }
        boolean clean = streams.close(timeout);
        closeClients();
        storeKey.destroy();
        LOG.info(
                "Mixer {} closed{}",
                config.mixerId(),
                clean ? "" : " (Kafka Streams did not stop within " + timeout + ")");
        return clean;
    }

    @Override
    public String toString() {
        return "MixerApplication[" + config.mixerId() + ", " + state() + "]";
    }

    /** For diagnostics: the metric values by name. */
    public Map<String, Object> metricsSnapshot() {
        return Map.of(
                "held",
                metrics.heldCount(),
                "accepted",
                metrics.acceptedCount(),
                "released",
                metrics.releasedCount(),
                "batches",
                metrics.batchStats(),
                "rejections",
                metrics.rejections(),
                "descriptorsPublished",
                announcer == null ? 0L : announcer.publishedCount(),
                "descriptorFailures",
                announcer == null ? 0L : announcer.failureCount());
    }
}
