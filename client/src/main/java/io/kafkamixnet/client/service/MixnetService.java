package io.kafkamixnet.client.service;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.client.internals.NetworkSettings;
import io.kafkamixnet.client.internals.StartedDirectory;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready service process: reads an exit topic in a consumer group and answers every request through
 * a {@link MixnetServiceResponder}.
 *
 * <p>Delivery: at least once. A record's offset is committed only after the record is dealt with (its
 * request answered and the reply packets acknowledged, or the record ignored or dropped), and only
 * when every earlier record of its partition is too. After a crash or a rebalance the records after
 * the last commit are read again, so the handler may see a request twice. The client never sees a
 * duplicate: a repeated reply is built from the same single-use SURB, the response mixer drops the
 * second as a replay (same header, same replay tag) within the key epoch, and the client has destroyed
 * that SURB's secret after the first anyway.
 *
 * <p>Multi-fragment requests must have all their fragments read by one instance. One instance (or one
 * exit-topic partition) does that by itself. To scale out with several instances, give the service a
 * {@linkplain Builder#fragmentTopic fragment topic}: each fragment of a multi-fragment request is then
 * re-produced there keyed by its random message id, so all fragments of a request meet in one
 * partition and so one instance. The message id is already readable in the exit topic and says nothing
 * about the client; the fragment topic needs the same retention and access rules as the exit topic.
 *
 * <p>If producing a reply (or a re-keyed fragment) fails after the producer's own retries, {@link #run}
 * stops with an exception without committing that record: restart the service to retry it.
 *
 * <p>Start-up ({@link Builder#build()}) reads the directory and waits for the exit topic (and the
 * fragment topic) to exist, within the {@linkplain Builder#startTimeout start timeout}, waiting out
 * transient cluster errors: a service may start before its broker is up or before the mixers that use its
 * exit topic have created it. Reply packets go to the ingress topics of response mixers chosen per
 * request, so their metadata is fetched when the first reply is produced, not at start.
 */
public final class MixnetService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixnetService.class);
    private static final AvroCodec<ExitMessage> EXIT_CODEC = AvroCodec.of(ExitMessage.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String exitTopic;
    private final String fragmentTopic;
    private final MessageLimits limits;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final MixnetServiceResponder responder;
    private final StartedDirectory directory;
    private final OffsetTracker tracker = new OffsetTracker();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean running;
    private Thread thread;

    private MixnetService(Builder b, StartedDirectory directory, StartupRetry startup) {
        Map<String, Object> clientConfig = b.network.clientConfig();
        this.exitTopic = b.exitTopic;
        this.fragmentTopic = b.fragmentTopic;
        this.limits = MessageLimits.of(b.network.geometry());
        this.directory = directory;
        this.producer = ServiceClients.newProducer(clientConfig);
        try {
            this.responder = b.responder
                    .producer(producer)
                    .directory(directory.snapshots())
                    .geometry(b.network.geometry())
                    .build();
            this.consumer = ServiceClients.newConsumer(clientConfig, b.groupId);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        try {
            awaitTopic(exitTopic, "exit", startup);
            if (fragmentTopic != null) {
                awaitTopic(fragmentTopic, "fragment", startup);
            }
        } catch (RuntimeException e) {
            responder.close();
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Waits, per {@code startup}, until {@code topic} exists and its partitions are known. */
    private void awaitTopic(String topic, String kind, StartupRetry startup) {
        try {
            startup.run(
                    "find the " + kind + " topic '" + topic + "' of the service",
                    "the topic to exist and be readable by this principal (its operator creates it, e.g. with"
                            + " 'mixnet topics create --role exit')",
                    left -> {
                        List<PartitionInfo> infos = consumer.partitionsFor(topic, left);
                        if (infos == null || infos.isEmpty()) {
                            throw new UnknownTopicOrPartitionException(
                                    kind + " topic '" + topic + "' does not exist (yet)");
                        }
                    });
        } catch (StartupException e) {
            throw new MixnetException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MixnetException(
                    "cannot read the " + kind + " topic '" + topic + "' (not retried: waiting cannot fix it): " + e, e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the service on a background thread ({@code mixnet-service}) until {@link #close()}. */
    public synchronized MixnetService start() {
        if (thread != null) {
            throw new IllegalStateException("the service is already started");
        }
        thread = new Thread(
                () -> {
                    try {
                        run();
                    } catch (RuntimeException e) {
                        LOG.error("Mixnet service on {} stopped: {}", exitTopic, e.toString());
                    }
                },
                "mixnet-service");
        thread.start();
        return this;
    }

    /**
     * Runs the service on the calling thread until {@link #close()} is called from another thread.
     *
     * @throws MixnetException if producing a reply failed (the record is not committed: restart to retry)
     */
    public void run() {
        running = true;
        List<String> topics = fragmentTopic == null ? List.of(exitTopic) : List.of(exitTopic, fragmentTopic);
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    tracker.add(new TopicPartition(r.topic(), r.partition()), r.offset(), handle(r));
                }
                responder.expire();
                Throwable failure = tracker.failure();
                if (failure != null) {
                    throw new MixnetException("could not produce a reply: " + failure.getMessage(), failure);
                }
                commit(tracker.committable(), false);
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } finally {
            try {
                responder.close(); // drops incomplete requests: their records stay uncommitted
                producer.flush();
                commit(tracker.committable(), true);
            } catch (RuntimeException e) {
                LOG.warn("Final commit of the mixnet service failed: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(5));
            directory.close();
            stopped.countDown();
        }
    }

    private CompletableFuture<?> handle(ConsumerRecord<byte[], byte[]> r) {
        ExitMessage message;
        try {
            message = EXIT_CODEC.decode(r.value());
        } catch (RecordDecodingException e) {
            LOG.debug("Ignoring an undecodable record on {}: {}", r.topic(), e.reason());
            return CompletableFuture.completedFuture(Disposition.MALFORMED);
        }
        if (fragmentTopic != null && r.topic().equals(exitTopic)) {
            RequestFrame frame;
            try {
                frame = RequestFrame.decode(AvroCodec.copyBytes(message.getPayload()), limits);
            } catch (FrameException e) {
                return responder.accept(message); // counted and ignored there
            }
            if (frame.count() > 1) {
                CompletableFuture<Object> forwarded = new CompletableFuture<>();
                producer.send(
                        new ProducerRecord<>(
                                fragmentTopic, null, null, frame.messageId().bytes(), r.value()),
                        (metadata, e) -> {
                            if (e != null) {
                                forwarded.completeExceptionally(e);
                            } else {
                                forwarded.complete(null);
                            }
                        });
                return forwarded;
            }
        }
        return responder.accept(message);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean sync) {
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(offsets);
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    LOG.warn("Offset commit failed (records will be read again): {}", e.toString());
                }
            });
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit(tracker.committable(partitions), true);
            } catch (RuntimeException e) {
                LOG.warn("Commit on revocation failed (records will be read again): {}", e.toString());
            }
            tracker.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
        }
    }

    /** Counters of the responder. */
    public ServiceStats stats() {
        return responder.stats();
    }

    /** Stops the loop, commits what is done, closes the Kafka clients (and the directory reader it created). */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (running || t != null) {
            try {
                if (Thread.currentThread() != t && !stopped.await(30, TimeUnit.SECONDS)) {
                    LOG.warn("Mixnet service on {} did not stop within 30 s", exitTopic);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            responder.close();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(5));
            directory.close();
        }
    }

    @Override
    public String toString() {
        return "MixnetService[" + exitTopic + "]";
    }

    /**
     * Builds a {@link MixnetService}. Required: client config, exit topic, handler, and a directory. The
     * Kafka client, directory, geometry and start timeout are held by {@link NetworkSettings} (as for
     * {@code MixnetClient}); the handler and the reassembly bounds are the responder's and go to its
     * builder.
     */
    public static final class Builder {
        private final NetworkSettings network = new NetworkSettings();
        private final MixnetServiceResponder.Builder responder = MixnetServiceResponder.builder();
        private String exitTopic;
        private String fragmentTopic;
        private String groupId;

        private Builder() {}

        /** Ordinary Kafka client properties (SASL/SSL included) for the consumer, producer and directory reader. */
        public Builder clientConfig(Map<String, ?> config) {
            network.clientConfig(config);
            return this;
        }

        public Builder clientConfig(Properties properties) {
            network.clientConfig(properties);
            return this;
        }

        public Builder clientConfig(ClientSettings settings) {
            network.clientConfig(settings);
            return this;
        }

        /** The exit topic the last forward mixers write this service's requests to. */
        public Builder exitTopic(String topic) {
            this.exitTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * Optional topic (created by the operator, like the exit topic) on which fragments of
         * multi-fragment requests are re-keyed by message id, so that several instances can share the
         * exit topic. Without it, run one instance per exit topic.
         */
        public Builder fragmentTopic(String topic) {
            this.fragmentTopic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Consumer group (default {@code mixnet-service.<exit topic>}). */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        public Builder handler(RequestHandler handler) {
            responder.handler(handler);
            return this;
        }

        /** Read the directory from this topic with a reader the service creates (and closes). Needs {@link #trustPolicy}. */
        public Builder directoryTopic(String topic) {
            network.directoryTopic(topic);
            return this;
        }

        public Builder trustPolicy(TrustPolicy trust) {
            network.trustPolicy(trust);
            return this;
        }

        /**
         * How far ahead of this host's clock a descriptor's publication time may be before the service's
         * own directory reader refuses it ({@code FUTURE_DATED}): default 5 min, at most 1 h
         * ({@link io.kafkamixnet.directory.DirectoryReader#DEFAULT_CLOCK_TOLERANCE},
         * {@link io.kafkamixnet.directory.DirectoryReader#MAX_CLOCK_TOLERANCE}). Only for
         * {@link #directoryTopic}.
         *
         * @throws IllegalArgumentException if negative or above one hour
         */
        public Builder directoryClockTolerance(Duration tolerance) {
            network.directoryClockTolerance(tolerance);
            return this;
        }

        /** Use a directory the caller keeps up to date (e.g. {@code reader::snapshot}). */
        public Builder directory(Supplier<DirectorySnapshot> snapshots) {
            network.directory(snapshots);
            return this;
        }

        public Builder geometry(Geometry geometry) {
            network.geometry(geometry);
            return this;
        }

        /** How long after its first fragment an incomplete request is dropped (default 5 minutes). */
        public Builder reassemblyTimeout(Duration timeout) {
            responder.reassemblyTimeout(timeout);
            return this;
        }

        /** Most incomplete requests held (default 10,000). */
        public Builder maxPendingRequests(int max) {
            responder.maxPendingRequests(max);
            return this;
        }

        /** Most bytes of fragments held (default 64 MiB). */
        public Builder maxBufferedBytes(long max) {
            responder.maxBufferedBytes(max);
            return this;
        }

        /**
         * How long {@link #build()} may take in all (default 30 s): reading the directory topic to its end and
         * finding the exit topic (and the fragment topic), waiting out transient cluster errors (a broker
         * still starting, a topic not created yet, no leader yet) with backoff. An error waiting cannot fix
         * fails at once; the final error names the step, the last error and this setting.
         */
        public Builder startTimeout(Duration timeout) {
            network.startTimeout(timeout);
            return this;
        }

        /**
         * Creates the service: reads the directory (if it owns the reader) and waits for the exit topic, within
         * the start timeout. Call {@link MixnetService#run()} or {@link MixnetService#start()} next.
         *
         * @throws MixnetException if the directory or a topic is not there in time, or cannot be read
         */
        public MixnetService build() {
            network.requireClientConfig();
            if (exitTopic == null || !responder.hasHandler()) {
                throw new IllegalStateException("exitTopic and handler are required");
            }
            network.requireDirectorySource();
            if (exitTopic.equals(fragmentTopic)) {
                throw new IllegalStateException("the fragment topic must differ from the exit topic");
            }
            if (groupId == null) {
                groupId = "mixnet-service." + exitTopic;
            }
            return network.start("MixnetService", (directory, startup) -> new MixnetService(this, directory, startup));
        }
    }
}
