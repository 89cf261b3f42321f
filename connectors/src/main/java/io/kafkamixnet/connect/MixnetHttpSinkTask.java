package io.kafkamixnet.connect;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.internals.IngressProducer;
import io.kafkamixnet.client.internals.NetworkSettings;
import io.kafkamixnet.client.internals.StartedDirectory;
import io.kafkamixnet.client.service.MixnetServiceResponder;
import io.kafkamixnet.client.service.OffsetTracker;
import io.kafkamixnet.client.service.ServiceStats;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of the {@link MixnetHttpSinkConnector}: reads a service's exit topic (through the worker's
 * consumer), reassembles requests and answers each through its SURBs with the HTTP service's response.
 *
 * <p>Threads: {@link #put} only decodes and queues records for the {@link RequestWorker} thread, which
 * answers them one at a time; at {@code mixnet.max.queued.records} queued the task pauses its partitions.
 *
 * <p>Offsets: every record is held in an {@link OffsetTracker} until it is settled — its request
 * answered and every reply packet acknowledged by the broker, or the record ignored by the protocol's
 * rules, or reported to the errant record reporter. {@link #preCommit} returns, per partition, only
 * the offset after the longest settled prefix, so a record is never committed before its reply is in
 * Kafka: after a crash or restart the unsettled records are read and answered again.
 *
 * <p>Replies go through the task's own idempotent producer ({@code acks=all}, from the
 * {@code mixnet.kafka.*} settings), not a transaction: Connect's sink offsets are committed by the
 * worker's consumer, outside any producer transaction, so exactly-once is not on offer — and not
 * needed, since a second reply built from the same single-use SURB is dropped by the response mixer as
 * a replay, and the client has destroyed that SURB's secret after the first. At least once here is
 * exactly once for the client.
 */
public final class MixnetHttpSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(MixnetHttpSinkTask.class);
    private static final AvroCodec<ExitMessage> EXIT_CODEC = AvroCodec.of(ExitMessage.class);
    /** While paused, how soon the worker should call {@link #put} again to check whether to resume. */
    private static final long PAUSED_POLL_MS = 200;

    private final OffsetTracker tracker = new OffsetTracker();
    private MixnetHttpSinkConfig config;
    private StartedDirectory directory;
    private KafkaProducer<byte[], byte[]> producer;
    private MixnetServiceResponder responder;
    private HttpServiceCaller caller;
    private RequestWorker worker;
    private ErrantRecordReporter reporter;
    private boolean tolerateAll;
    private boolean paused;
    private long undecodable;
    /** Why the task must fail, thrown from the next {@link #put}. */
    private ConnectException failure;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MixnetHttpSinkConfig(props);
        tolerateAll = "all".equalsIgnoreCase(props.get(MixnetHttpSinkConnector.ERRORS_TOLERANCE));
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            reporter = null; // a worker older than Kafka 2.6
        }
        MessageLimits limits = MessageLimits.of(Geometry.defaults());
        caller = HttpServiceCaller.create(config);

        NetworkSettings network = new NetworkSettings();
        network.clientConfig(config.kafkaClientConfig());
        network.directoryTopic(config.directoryTopic());
        network.trustPolicy(config.trustPolicy());
        network.startTimeout(config.startTimeout());
        try {
            directory = network.start("MixnetHttpSinkTask", (started, retry) -> started);
        } catch (MixnetException e) {
            throw new ConnectException(
                    "cannot read the mixnet directory within " + MixnetHttpSinkConfig.MIXNET_START_TIMEOUT_MS + ": "
                            + e.getMessage(),
                    e);
        }
        try {
            producer = IngressProducer.create(config.kafkaClientConfig());
            responder = MixnetServiceResponder.builder()
                    .handler(caller)
                    .producer(producer)
                    .directory(directory.snapshots())
                    .geometry(limits.geometry())
                    .reassemblyTimeout(config.reassemblyTimeout())
                    .maxPendingRequests(config.maxPendingRequests())
                    .maxBufferedBytes(config.maxBufferedBytes())
                    .build();
        } catch (RuntimeException e) {
            closeClients();
            throw new ConnectException("cannot start the reply producer: " + e.getMessage(), e);
        }
        worker = new RequestWorker(
                responder,
                config.reportUnanswered(),
                "mixnet-http-bridge-" + config.url().getHost());
        worker.start();
        LOG.info(
                "Mixnet HTTP bridge task started: {} {} (directory {}, reporter {})",
                config.method(),
                config.loggableUrl(),
                config.directoryTopic(),
                reporter == null ? "none" : "errant record reporter");
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        settle();
        if (failure != null) {
            throw failure; // fails the task here, where Connect expects it (a throwing preCommit only rewinds)
        }
        for (SinkRecord r : records) {
            CompletableFuture<Void> settled = new CompletableFuture<>();
            tracker.add(
                    new TopicPartition(r.originalTopic(), r.originalKafkaPartition()),
                    r.originalKafkaOffset(),
                    settled);
            ExitMessage message;
            try {
                message = decode(r);
            } catch (DataException e) {
                undecodable++;
                unsettled(new RequestWorker.Unsettled(new RequestWorker.Job(r, null, settled), e));
                if (failure != null) {
                    throw failure;
                }
                continue;
            }
            worker.submit(new RequestWorker.Job(r, message, settled));
        }
        applyBackpressure();
    }

    private static ExitMessage decode(SinkRecord r) {
        Object value = r.value();
        if (value == null) {
            throw new DataException("expected an exit message, found a record without a value");
        }
        if (!(value instanceof byte[] bytes)) {
            // A configuration error, not a bad record: every record would fail the same way.
            throw new ConnectException(
                    "expected byte[] record values, found " + value.getClass().getName() + ": set value.converter="
                            + MixnetHttpSinkConnector.BYTE_ARRAY_CONVERTER);
        }
        try {
            return EXIT_CODEC.decode(bytes);
        } catch (RecordDecodingException e) {
            throw new DataException(
                    "expected an exit message (Avro ExitMessage), found an undecodable record: " + e.reason(), e);
        }
    }

    /**
     * Reports records the worker thread could not answer and settles them once reported; the first one
     * that can be neither reported nor skipped becomes {@link #failure} (never settled, so never committed).
     */
    private void settle() {
        Throwable fatal = worker.fatal();
        if (fatal != null && failure == null) {
            failure = new ConnectException("the request thread stopped: " + fatal, fatal);
        }
        RequestWorker.Unsettled u;
        while (failure == null && (u = worker.pollUnsettled()) != null) {
            unsettled(u);
        }
    }

    private void unsettled(RequestWorker.Unsettled u) {
        try {
            report(u);
        } catch (ConnectException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new ConnectException("reporting an errant record failed: " + e, e);
        }
    }

    private void report(RequestWorker.Unsettled u) {
        SinkRecord r = u.job().record();
        String where = r.originalTopic() + "-" + r.originalKafkaPartition() + "@" + r.originalKafkaOffset();
        if (reporter != null) {
            // Throws (and so fails the task) if errors.tolerance=none; the worker awaits the DLQ write before
            // it commits this offset.
            reporter.report(r, u.error());
            u.job().settled().complete(null);
        } else if (tolerateAll) {
            LOG.warn(
                    "Skipping exit record {} (errors.tolerance=all, no dead letter queue): {}",
                    where,
                    u.error().getMessage());
            u.job().settled().complete(null);
        } else {
            throw new ConnectException(
                    "exit record " + where + " got no reply: " + u.error().getMessage()
                            + " (errors.tolerance=all, with errors.deadletterqueue.topic.name, routes such records to a"
                            + " dead letter queue instead of stopping the task)",
                    u.error());
        }
    }

    private void applyBackpressure() {
        int queued = worker.queued();
        Set<TopicPartition> assigned = context.assignment();
        if (!paused && queued >= config.maxQueuedRecords()) {
            context.pause(assigned.toArray(TopicPartition[]::new));
            paused = true;
            LOG.debug("Paused {} partitions: {} records queued", assigned.size(), queued);
        } else if (paused && queued <= config.maxQueuedRecords() / 2) {
            context.resume(assigned.toArray(TopicPartition[]::new));
            paused = false;
        }
        if (paused) {
            context.timeout(PAUSED_POLL_MS);
        }
    }

    /** Only the offsets after the longest prefix of settled records of each partition. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        settle();
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "Committing {} ({} records in flight); {}; HTTP {}",
                    committable,
                    tracker.size(),
                    responder.stats(),
                    caller.counters());
        }
        return committable;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (paused) {
            context.pause(partitions.toArray(TopicPartition[]::new));
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        tracker.forget(partitions);
    }

    @Override
    public void stop() {
        if (worker != null) {
            worker.close();
        }
        closeClients();
        if (responder != null) {
            ServiceStats s = responder.stats();
            LOG.info(
                    "Mixnet HTTP bridge task stopped: {} requests, {} replied, {} error replies, {} malformed, {}"
                            + " expired, {} no reply route, {} undecodable records; HTTP {}",
                    s.requests(),
                    s.replied(),
                    s.errorReplies(),
                    s.malformed(),
                    s.expired(),
                    s.noReplyRoute(),
                    undecodable,
                    caller.counters());
        }
    }

    private void closeClients() {
        if (responder != null) {
            responder.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (directory != null) {
            directory.close();
        }
    }
}
