package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.topology.internals.StoreKeyMismatchException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
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
 * running on would drop them.
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
        return p;
    }

    boolean started() {
        return streams != null;
    }

    /** Creates and starts Kafka Streams on {@code topology}; returns once it is started. */
    void start(Topology topology, Properties properties) {
        KafkaStreams s = new KafkaStreams(topology, properties);
        s.setUncaughtExceptionHandler(e -> {
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

    /** Closes Kafka Streams if started; false if it did not shut down within {@code timeout}. */
    boolean close(Duration timeout) {
        KafkaStreams s = streams;
        return s == null || s.close(timeout);
    }
}
