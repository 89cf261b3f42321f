package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.directory.DescriptorSequence;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.topology.internals.StoreKeyMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
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
 * re-reads the directory every 30 seconds for key files copied there.
 *
 * <p>Directory: with {@code directory.topic} set, the mixer signs a descriptor with its long-term
 * identity ({@code keys.dir/identity.key}, written by {@code mixnet keygen}; the mixer refuses to be
 * created without it) and publishes it after its topics are provisioned and before it processes a
 * packet; then again whenever the announced keys change, and at least every
 * {@code directory.publish-interval}, so a reader that starts late always finds a fresh one.
 *
 * <p>Failure policy: a stream thread that dies of an unexpected error is replaced (bad input never
 * gets that far: it is dead-lettered); a pool store key that cannot open the held packets stops the
 * instance ({@link #failure()}), because running on would drop them. A descriptor that cannot be
 * published at start fails {@link #start()}; later failures are logged and retried every 5 seconds
 * while the mixer keeps mixing (its last descriptor stays valid until its keys' grace ends).
 */
public final class MixerApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixerApplication.class);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(30);
    /** Longest wait between two looks at the key directory (for key files copied there). */
    private static final Duration KEY_RELOAD_PERIOD = Duration.ofSeconds(30);
    private static final Duration PUBLISH_RETRY = Duration.ofSeconds(5);

    private final MixerConfig config;
    private final ClientSettings cluster;
    private final EpochKeyRing keyring;
    private final PoolStoreKey storeKey;
    private final MixerIdentity identity;
    private final DescriptorSequence sequence = new DescriptorSequence();
    private final MixerMetrics metrics = new MixerMetrics();
    private final AtomicInteger ingressPartitions = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<MixerInfo> lastDescriptor = new AtomicReference<>();
    private final AtomicLong descriptorsPublished = new AtomicLong();
    private final AtomicLong descriptorFailures = new AtomicLong();
    private final Topology topology;
    private Admin admin;
    private volatile DirectoryPublisher publisher;
    private KafkaStreams streams;
    private ScheduledExecutorService housekeeping;
    private boolean closed;

    private MixerApplication(MixerConfig config, ClientSettings cluster, EpochKeyRing keyring, PoolStoreKey storeKey,
                             MixerIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.storeKey = Objects.requireNonNull(storeKey, "storeKey");
        if (config.directoryTopic().isPresent() && identity == null) {
            throw new IllegalArgumentException("mixer " + config.mixerId() + " publishes to directory.topic="
                    + config.directoryTopic().get() + " and needs a MixerIdentity to sign its descriptor");
        }
        this.identity = identity;
        this.topology = MixerTopology.build(config, keyring, storeKey, metrics, ingressPartitions::get);
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
        PoolStoreKey storeKey = PoolStoreKey.read(config.keyDirectory());
        MixerIdentity identity = null;
        if (config.directoryTopic().isPresent()) {
            identity = readIdentity(config);
        }
        EpochKeyRing keyring = EpochKeyRing.open(config.keyDirectory(), config.epochSchedule(), new SecureRandom(),
                config.generateKeys());
        return new MixerApplication(config, cluster, keyring, storeKey, identity);
    }

    private static MixerIdentity readIdentity(MixerConfig config) throws IOException {
        // Not generated here: every instance of a mixer must sign with the same identity, and clients
        // must be told its public key; both are an operator's step (mixnet keygen prints the key).
        if (!Files.exists(MixerIdentityFiles.path(config.keyDirectory()))) {
            throw new NoSuchFileException(MixerIdentityFiles.path(config.keyDirectory()).toString(), null,
                    "mixer " + config.mixerId() + " publishes its descriptor to directory.topic="
                            + config.directoryTopic().orElseThrow() + " but has no identity key: run `mixnet keygen --dir "
                            + config.keyDirectory() + "` to write one, copy it to every instance of this mixer, and add the"
                            + " identity public key it prints to the clients' trusted mixers");
        }
        return MixerIdentityFiles.read(config.keyDirectory());
    }

    /** A mixer with keys given directly (embedded use, tests); {@code config} must not set {@code directory.topic}. */
    public static MixerApplication create(MixerConfig config, ClientSettings cluster, EpochKeyRing keyring,
                                          PoolStoreKey storeKey) {
        return new MixerApplication(config, cluster, keyring, storeKey, null);
    }

    /** A mixer with keys and the identity that signs its descriptors given directly (embedded use, tests). */
    public static MixerApplication create(MixerConfig config, ClientSettings cluster, EpochKeyRing keyring,
                                          PoolStoreKey storeKey, MixerIdentity identity) {
        return new MixerApplication(config, cluster, keyring, storeKey, Objects.requireNonNull(identity, "identity"));
    }

    /**
     * Creates or updates the topics (per {@code topics.provision}), makes sure the current and next
     * epoch keys exist, publishes the descriptor (with {@code directory.topic}), then starts
     * processing. Returns once Kafka Streams is started; see {@link #awaitRunning}.
     *
     * @throws io.kafkamixnet.admin.TopicProvisioningException if topics cannot be provisioned
     * @throws io.kafkamixnet.directory.DirectoryException if the descriptor cannot be published
     * @throws IllegalStateException if already started or closed, or the directory topic is missing
     * @throws UncheckedIOException if the epoch keys cannot be read or generated
     */
    public synchronized void start() {
        if (streams != null || closed) {
            throw new IllegalStateException("mixer " + config.mixerId() + " was already " + (closed ? "closed" : "started"));
        }
        admin = Admin.create(clientConfig(AdminClientConfig.configNames()));
        try {
            provisionTopics();
            refreshPartitionCount();
            refreshKeys(System.currentTimeMillis());
            if (identity != null) {
                Map<String, Object> producerConfig = clientConfig(ProducerConfig.configNames());
                producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-directory");
                publisher = new DirectoryPublisher(producerConfig, config.directoryTopic().orElseThrow());
                publishDescriptor(System.currentTimeMillis());
            }
        } catch (IOException e) {
            closeClients();
            throw new UncheckedIOException("mixer " + config.mixerId() + ": cannot read or generate epoch keys in "
                    + config.keyDirectory() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeClients();
            throw e;
        }
        streams = new KafkaStreams(topology, streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            if (StoreKeyMismatchException.isCauseOf(e)) {
                failure.set(e);
                LOG.error("Mixer {} stops: {}", config.mixerId(), e.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("Mixer {}: a stream thread failed ({}); replacing it", config.mixerId(), e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Mixer {}: {} -> {}", config.mixerId(), before, now));
        streams.start();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mixer-" + config.mixerId() + "-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(this::refreshPartitionCountQuietly, HOUSEKEEPING_PERIOD.toMillis(),
                HOUSEKEEPING_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        scheduleKeysAndDescriptor(nextKeysAndDescriptorDelay(System.currentTimeMillis(), false));
        LOG.info("Mixer {} started: {}", config.mixerId(), config);
    }

    private void provisionTopics() {
        List<TopicSpec> specs = topicSpecs();
        Optional<String> directoryTopic = config.directoryTopic();
        List<TopicSpec> packetTopics = specs.stream().filter(t -> directoryTopic.filter(t.name()::equals).isEmpty()).toList();
        if (!packetTopics.isEmpty()) {
            new TopicProvisioner(admin).ensure(packetTopics);
        }
        specs.stream().filter(t -> directoryTopic.filter(t.name()::equals).isPresent()).findFirst()
                .ifPresent(spec -> DirectoryTopics.ensure(admin, spec));
        if (directoryTopic.isPresent() && config.topicProvisioning() != MixerConfig.TopicProvisioning.ALL) {
            requireTopic(directoryTopic.get());
        }
    }

    /** A clear error now rather than a producer that waits a minute for metadata of a missing topic. */
    private void requireTopic(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("mixer " + config.mixerId() + ": directory topic " + topic
                        + " does not exist; create it (mixnet topics, DirectoryTopics.ensure) or set topics.provision=all");
            }
            LOG.warn("Mixer {}: cannot describe directory topic {}: {}", config.mixerId(), topic, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking directory topic " + topic, e);
        }
    }

    private void refreshPartitionCountQuietly() {
        try {
            refreshPartitionCount();
        } catch (RuntimeException e) {
            LOG.warn("Mixer {}: housekeeping failed: {}", config.mixerId(), e.toString());
        }
    }

    /**
     * Makes sure the current and next keys exist, wipes keys past their grace, and warns when the
     * current epoch has no key (with {@code keys.generate=false} and no key file copied in).
     */
    private void refreshKeys(long now) throws IOException {
        List<MixPrivateKey> accepted = keyring.acceptedKeys(now);
        keyring.purgeExpired(now);
        long current = config.epochSchedule().epochAt(now);
        if (accepted.stream().noneMatch(k -> k.epoch() == current)) {
            LOG.warn("Mixer {}: no key for the current epoch {} in {}: every packet of this epoch is refused; run mixnet keygen"
                    + " or set keys.generate=true", config.mixerId(), current, config.keyDirectory());
        }
    }

    /** Runs on the housekeeping thread: keys, then the descriptor, then schedules itself again. */
    private void keysAndDescriptor() {
        long now = System.currentTimeMillis();
        boolean failed = false;
        try {
            refreshKeys(now);
            if (publisher != null) {
                List<EpochPublicKey> announced = keyring.announcement(now);
                MixerInfo last = lastDescriptor.get();
                if (last == null || !last.epochKeys().equals(announced)
                        || now - last.publishedAtMillis() >= config.directoryPublishInterval().toMillis()) {
                    publishDescriptor(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.warn("Mixer {}: key or descriptor housekeeping failed, retrying in {}: {}", config.mixerId(), PUBLISH_RETRY,
                    e.toString());
        }
        scheduleKeysAndDescriptor(nextKeysAndDescriptorDelay(System.currentTimeMillis(), failed));
    }

    /**
     * Milliseconds until the next look at keys and descriptor: the next change of the accepted epochs
     * (a new next key at each boundary, the old key gone at each grace end), the next periodic
     * descriptor, and a reload of the key directory, whichever comes first.
     */
    private long nextKeysAndDescriptorDelay(long now, boolean failed) {
        long next = Math.min(config.epochSchedule().nextChangeMillis(now), now + KEY_RELOAD_PERIOD.toMillis());
        MixerInfo last = lastDescriptor.get();
        if (publisher != null && last != null) {
            next = Math.min(next, last.publishedAtMillis() + config.directoryPublishInterval().toMillis());
        }
        if (failed) {
            next = Math.min(next, now + PUBLISH_RETRY.toMillis());
        }
        return Math.max(1, next - now);
    }

    private void scheduleKeysAndDescriptor(long delayMillis) {
        ScheduledExecutorService executor = housekeeping;
        if (executor == null || executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(this::keysAndDescriptor, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() shut the executor down meanwhile
        }
    }

    /** Signs and publishes the current descriptor; synchronous. */
    private void publishDescriptor(long now) throws IOException {
        List<EpochPublicKey> announced = keyring.announcement(now);
        if (announced.isEmpty()) {
            descriptorFailures.incrementAndGet();
            throw new IllegalStateException("mixer " + config.mixerId() + " holds no key for epochs "
                    + config.epochSchedule().acceptedEpochs(now) + " in " + config.keyDirectory()
                    + " and cannot announce any; set keys.generate=true or copy key files there");
        }
        MixerInfo info = MixerInfo.builder()
                .mixerId(config.mixerId())
                .role(config.role())
                .ingressTopic(config.ingressTopic())
                .identity(identity)
                .epochKeys(announced)
                .strategySummary(config.strategy().summary())
                .publishedAtMillis(now)
                .sequence(sequence.next(now))
                .build();
        try {
            publisher.publish(identity, info);
        } catch (RuntimeException e) {
            descriptorFailures.incrementAndGet();
            throw e;
        }
        lastDescriptor.set(info);
        descriptorsPublished.incrementAndGet();
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
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private void refreshPartitionCount() {
        try {
            TopicDescription d = admin.describeTopics(List.of(config.ingressTopic())).allTopicNames().get()
                    .get(config.ingressTopic());
            int n = d.partitions().size();
            int before = ingressPartitions.getAndSet(n);
            if (before != 0 && before != n) {
                LOG.warn("Mixer {}: ingress topic {} now has {} partitions (was {})", config.mixerId(), config.ingressTopic(),
                        n, before);
            }
        } catch (ExecutionException e) {
            if (ingressPartitions.get() == 0 && config.partitionBinding()) {
                throw new IllegalStateException("Mixer " + config.mixerId() + " needs the partition count of its ingress topic "
                        + config.ingressTopic() + " for ingress.partition-binding, but cannot describe it: "
                        + e.getCause().getMessage(), e.getCause());
            }
            LOG.warn("Mixer {}: cannot describe {}: {}", config.mixerId(), config.ingressTopic(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The topics this mixer creates or updates at start, per {@code topics.provision}. */
    public List<TopicSpec> topicSpecs() {
        List<TopicSpec> specs = new ArrayList<>();
        if (config.topicProvisioning() == MixerConfig.TopicProvisioning.NONE) {
            return specs;
        }
        specs.add(TopicSpec.mixerIngress(config.ingressTopic(), config.ingressPartitions()));
        specs.add(TopicSpec.deadLetter(config.deadLetterTopic()));
        if (config.topicProvisioning() == MixerConfig.TopicProvisioning.ALL) {
            Set<String> seen = new TreeSet<>(Set.of(config.ingressTopic()));
            for (String t : config.nextHops().values()) {
                if (seen.add(t)) {
                    specs.add(TopicSpec.mixerIngress(t, config.outputPartitions()));
                }
            }
            for (String t : config.exitServices().values()) {
                if (seen.add(t)) {
                    specs.add(TopicSpec.exit(t, config.outputPartitions()));
                }
            }
            config.replyInboxTopic().ifPresent(t -> specs.add(TopicSpec.replyInbox(t, config.outputPartitions())));
            config.directoryTopic().ifPresent(t -> specs.add(TopicSpec.directory(t)));
        }
        if (config.replicationFactor() != -1) {
            specs.replaceAll(s -> s.withReplicationFactor(config.replicationFactor()));
        }
        return specs;
    }

    /**
     * The Kafka Streams configuration: the cluster settings ({@code kafka.*} from the mixer config,
     * then the client config file and bootstrap servers), then the settings the mixer insists on.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.putAll(cluster.asClientConfig());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(config.replicationFactor()));
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        // Ingress records are raw bytes decoded inside the processor, so this handler should never
        // fire; if it does, the record is skipped and logged by coordinates, never a stalled partition.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        config.stateDirectory().ifPresent(d -> p.put(StreamsConfig.STATE_DIR_CONFIG, d.toString()));
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
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN
                    || s == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The Kafka Streams state, {@code CREATED} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** Active stream tasks of this instance, e.g. {@code 0_2} for ingress partition 2. */
    public synchronized Set<String> activeTasks() {
        Set<String> tasks = new TreeSet<>();
        if (streams != null) {
            for (ThreadMetadata t : streams.metadataForLocalThreads()) {
                t.activeTasks().forEach(task -> tasks.add(task.taskId().toString()));
            }
        }
        return tasks;
    }

    /** Why the instance stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    public MixerMetrics metrics() {
        return metrics;
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
        return Optional.ofNullable(lastDescriptor.get());
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
        boolean clean = true;
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            try {
                // A publish in progress is interrupted; wait for it before closing its producer.
                housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (streams != null) {
            clean = streams.close(timeout);
        }
        closeClients();
        storeKey.destroy();
        LOG.info("Mixer {} closed{}", config.mixerId(), clean ? "" : " (Kafka Streams did not stop within " + timeout + ")");
        return clean;
    }

    @Override
    public String toString() {
        return "MixerApplication[" + config.mixerId() + ", " + state() + "]";
    }

    /** For diagnostics: the metric values by name. */
    public Map<String, Object> metricsSnapshot() {
        return Map.of("held", metrics.heldCount(), "accepted", metrics.acceptedCount(), "released", metrics.releasedCount(),
                "batches", metrics.batchStats(), "rejections", metrics.rejections(), "descriptorsPublished", descriptorsPublished.get(),
                "descriptorFailures", descriptorFailures.get());
    }
}
