package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.topology.internals.StoreKeyMismatchException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams lifecycle of one mixer instance: the Streams configuration, start with the
 * failure policy, state, active tasks, close.
 *
 * <p>Failure policy: a stream thread that dies of an unexpected error is replaced (bad input never
 * gets that far: it is dead-lettered); a pool store key that cannot open the held packets
 * ({@link StoreKeyMismatchException}) stops the instance and is kept as {@link #failure()}, because
 * running on would drop them; so does a {@code FencedInstanceIdException} (another live instance
 * with the same {@code mixer.instance-id}), because a replaced thread would fence the other in turn.
 *
 * <p>Not synchronised: its owner ({@link MixerApplication}) serialises start and close.
 */
final class MixerStreams {

    private static final Logger LOG = LoggerFactory.getLogger(MixerStreams.class);

    private final MixerConfig config;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile KafkaStreams streams;

    MixerStreams(MixerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The Kafka Streams configuration: the cluster settings ({@code kafka.*} from the mixer config,
     * then the client config file and bootstrap servers), then the settings the mixer insists on.
     */
    static Properties properties(MixerConfig config, ClientSettings cluster) {
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
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        config.stateDirectory().ifPresent(d -> p.put(StreamsConfig.STATE_DIR_CONFIG, d.toString()));
        if (config.rocksDbMemoryMib() > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
            p.put(BoundedRocksDbMemory.BYTES_CONFIG, Long.toString((long) config.rocksDbMemoryMib() << 20));
        }
        // Static membership: a restarted instance rejoins as the member it was and gets its tasks back
        // at once, instead of waiting for the session timeout of its killed self. Kafka Streams appends
        // "-<thread index>" per stream thread. Only the main consumer is in the group.
        p.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                MixerInstanceId.resolve(config, stateRoot(p)));
        return p;
    }

    /** The effective Kafka Streams {@code state.dir} of {@code properties}. */
    private static Path stateRoot(Properties properties) {
        String dir = properties.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        if (dir == null) {
            dir = (String) StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG);
        }
        return Path.of(dir);
    }

    boolean started() {
        return streams != null;
    }

    /** Creates and starts Kafka Streams on {@code topology}; returns once it is started. */
    void start(Topology topology, Properties properties) {
        KafkaStreams s = new KafkaStreams(topology, properties);
        s.setUncaughtExceptionHandler(e -> {
            if (hasCause(e, FencedInstanceIdException.class)) {
                // Another live instance uses this instance id: replacing the thread would fence it back,
                // and the two would take the partitions from each other forever.
                IllegalStateException fenced = new IllegalStateException(
                        "another instance of mixer "
                                + config.mixerId() + " joined with the same instance id ("
                                + MixerConfigDef.MIXER_INSTANCE_ID
                                + "); each running instance needs its own",
                        e);
                failure.set(fenced);
                LOG.error("Mixer {} stops: {}", config.mixerId(), fenced.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            if (StoreKeyMismatchException.isCauseOf(e)) {
                failure.set(e);
                LOG.error("Mixer {} stops: {}", config.mixerId(), e.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("Mixer {}: a stream thread failed ({}); replacing it", config.mixerId(), e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.setStateListener((now, before) -> LOG.info("Mixer {}: {} -> {}", config.mixerId(), before, now));
        streams = s;
        s.start();
    }

    /** The Kafka Streams instance once {@link #start} created it (for its metrics). */
    Optional<KafkaStreams> kafkaStreams() {
        return Optional.ofNullable(streams);
    }

    /** The Kafka Streams state, {@code CREATED} before {@link #start}. */
    KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /** Active stream tasks of this instance, e.g. {@code 0_2} for ingress partition 2. */
    Set<String> activeTasks() {
        Set<String> tasks = new TreeSet<>();
        KafkaStreams s = streams;
        if (s != null) {
            for (ThreadMetadata t : s.metadataForLocalThreads()) {
                t.activeTasks().forEach(task -> tasks.add(task.taskId().toString()));
            }
        }
        return tasks;
    }

    /** Why the instance stopped on its own, if it did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Closes Kafka Streams if started, leaving the consumer group: a static member would otherwise
     * keep its partitions (unprocessed) until its session timeout, though the other instances could
     * take them over now. A restart right after pays one quick rebalance instead.
     *
     * @return false if it did not shut down within {@code timeout}
     */
    boolean close(Duration timeout) {
        KafkaStreams s = streams;
        return s == null
                || s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(timeout));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
