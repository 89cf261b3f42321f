package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running mixer: provisions its topics, runs its Kafka Streams topology, keeps its keys and
 * partition count fresh, and exposes its metrics. The {@code mixnet mixer} command and the demo
 * wrap this class.
 *
 * <pre>
 *   try (MixerApplication mixer = MixerApplication.create(config, ClientSettings.load(bootstrap, clientConfigFile))) {
 *       mixer.start();
 *       mixer.awaitRunning(Duration.ofMinutes(1));
 *       ...
 *   }
 * </pre>
 *
 * <p>Failure policy: a stream thread that dies of an unexpected error is replaced (bad input never
 * gets that far: it is dead-lettered); a pool store key that cannot open the held packets stops the
 * instance ({@link #failure()}), because running on would drop them.
 */
public final class MixerApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixerApplication.class);
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(30);

    private final MixerConfig config;
    private final ClientSettings cluster;
    private final EpochKeyring keyring;
    private final PoolStoreKey storeKey;
    private final MixerMetrics metrics = new MixerMetrics();
    private final AtomicInteger ingressPartitions = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Topology topology;
    private Admin admin;
    private KafkaStreams streams;
    private ScheduledExecutorService housekeeping;
    private boolean closed;

    private MixerApplication(MixerConfig config, ClientSettings cluster, EpochKeyring keyring, PoolStoreKey storeKey) {
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.storeKey = Objects.requireNonNull(storeKey, "storeKey");
        this.topology = MixerTopology.build(config, keyring, storeKey, metrics, ingressPartitions::get);
    }

    /**
     * A mixer with the epoch keys and pool store key from {@code config.keyDirectory()}.
     *
     * @throws IOException if the key directory or a key file is missing, malformed or not owner-only
     */
    public static MixerApplication create(MixerConfig config, ClientSettings cluster) throws IOException {
        EpochKeyring keyring = EpochKeyring.load(config.keyDirectory());
        PoolStoreKey storeKey = PoolStoreKey.read(config.keyDirectory());
        return new MixerApplication(config, cluster, keyring, storeKey);
    }

    /** A mixer with keys given directly (embedded use, tests). */
    public static MixerApplication create(MixerConfig config, ClientSettings cluster, EpochKeyring keyring,
                                          PoolStoreKey storeKey) {
        return new MixerApplication(config, cluster, keyring, storeKey);
    }

    /**
     * Creates or updates the topics (per {@code topics.provision}), then starts processing. Returns
     * once Kafka Streams is started; see {@link #awaitRunning}.
     *
     * @throws io.kafkamixnet.admin.TopicProvisioningException if topics cannot be provisioned
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (streams != null || closed) {
            throw new IllegalStateException("mixer " + config.mixerId() + " was already " + (closed ? "closed" : "started"));
        }
        admin = Admin.create(cluster.asClientConfig());
        try {
            List<TopicSpec> specs = topicSpecs();
            if (!specs.isEmpty()) {
                new TopicProvisioner(admin).ensure(specs);
            }
            refreshPartitionCount();
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
            throw e;
        }
        refreshKeys();
        streams = new KafkaStreams(topology, streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            if (isStoreKeyMismatch(e)) {
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
        housekeeping.scheduleWithFixedDelay(this::housekeep, HOUSEKEEPING_PERIOD.toMillis(), HOUSEKEEPING_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Mixer {} started: {}", config.mixerId(), config);
    }

    private static boolean isStoreKeyMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MixProcessor.StoreKeyMismatchException) {
                return true;
            }
        }
        return false;
    }

    private void housekeep() {
        try {
            refreshKeys();
            refreshPartitionCount();
        } catch (RuntimeException e) {
            LOG.warn("Mixer {}: housekeeping failed: {}", config.mixerId(), e.toString());
        }
    }

    private void refreshKeys() {
        try {
            keyring.refresh(config.epochSchedule(), System.currentTimeMillis());
        } catch (IOException e) {
            LOG.error("Mixer {}: cannot read the key directory: {}", config.mixerId(), e.getMessage());
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
        }
        if (streams != null) {
            clean = streams.close(timeout);
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
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
                "batches", metrics.batchStats(), "rejections", metrics.rejections());
    }
}
