package io.kafkamixnet.topology;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.envelope.DecodedEnvelope;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Sphinx unwraps of ingress records, computed on every core before the stream thread gets to them.
 *
 * <p>Why: two X25519 scalar multiplications per packet are most of a mixer's CPU (a profile of
 * {@code mixnet bench throughput}: about four fifths of the stream thread's samples), and Kafka Streams
 * processes the records of a task one at a time on one thread. The main consumer's
 * {@link Interceptor} sees each polled batch on the stream thread before processing; it queues the
 * unwrap of every ingress record that passes the stateless checks to a small pool of worker threads.
 * When the processor reaches the record, {@link Intake} {@linkplain #take takes} the result if it was
 * computed with the same key over the same packet, and unwraps it itself otherwise (not yet started,
 * evicted, another key). The processing is unchanged: the same pure function of key and packet, in
 * the same place of the same transaction; the replay check and every state change stay on the stream
 * thread. Nothing is logged; results live only until taken or evicted.
 *
 * <p>Bounded: at most {@value #MAX_PENDING} results wait; beyond that the oldest batch is dropped
 * (records of a revoked task are never taken). Worker threads are daemons that end after a second
 * idle, so a closed mixer leaves none behind.
 */
final class UnwrapAhead {

    /** Main-consumer setting that carries this object to the {@link Interceptor}. */
    static final String CONFIG_KEY = "mixnet.unwrap-ahead";

    static final int MAX_PENDING = 4096;

    private final String topic;
    private final boolean partitionBinding;
    private final IntSupplier ingressPartitions;
    private final EpochKeyRing keyring;
    private final Sphinx sphinx;
    private final PacketEnvelopeCodec envelopes;
    private final ThreadPoolExecutor workers;
    private final Map<Slot, Pending> pending = new ConcurrentHashMap<>();

    private record Slot(int partition, long offset) {}

    private record Pending(byte[] packet, MixPrivateKey key, FutureTask<UnwrapResult> task) {}

    UnwrapAhead(MixerConfig config, EpochKeyRing keyring, IntSupplier ingressPartitions) {
        this(config, keyring, ingressPartitions, Runtime.getRuntime().availableProcessors());
    }

    UnwrapAhead(MixerConfig config, EpochKeyRing keyring, IntSupplier ingressPartitions, int threads) {
        this.topic = config.ingressTopic();
        this.partitionBinding = config.partitionBinding();
        this.ingressPartitions = Objects.requireNonNull(ingressPartitions, "ingressPartitions");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.sphinx = new Sphinx(config.geometry());
        this.envelopes = PacketEnvelopeCodec.forPacketSize(config.geometry().packetSize());
        AtomicInteger n = new AtomicInteger();
        String name = "mixer-" + config.mixerId() + "-unwrap-";
        this.workers = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
    }

    /** Adds the interceptor and this object to Kafka Streams properties (main consumer only). */
    void addTo(Properties streamsProperties) {
        String key = StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
        Object given = streamsProperties.get(key);
        String ours = Interceptor.class.getName();
        streamsProperties.put(key, given == null || given.toString().isBlank() ? ours : given + "," + ours);
        streamsProperties.put(StreamsConfig.mainConsumerPrefix(CONFIG_KEY), this);
    }

    /** Queues the unwrap of every record of the ingress topic that passes the stateless checks. */
    void submit(ConsumerRecords<byte[], byte[]> records) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!r.topic().equals(topic) || r.value() == null) {
                continue;
            }
            if (pending.size() >= MAX_PENDING) {
                evictAll();
            }
            DecodedEnvelope envelope;
            try {
                envelope = envelopes.decode(r.value());
            } catch (EnvelopeDecodingException e) {
                continue; // the processor dead-letters it without an unwrap
            }
            byte[] packet = envelope.packet();
            if (partitionBinding) {
                int partitions = ingressPartitions.getAsInt();
                if (partitions > 0 && r.partition() != PartitionBinding.partitionFor(packet, partitions)) {
                    continue;
                }
            }
            Optional<MixPrivateKey> key = keyring.keyFor(envelope.epoch(), now);
            if (key.isEmpty()) {
                continue;
            }
            MixPrivateKey k = key.get();
            FutureTask<UnwrapResult> task = new FutureTask<>(() -> sphinx.unwrap(k, packet));
            Slot slot = new Slot(r.partition(), r.offset());
            pending.put(slot, new Pending(packet, k, task));
            try {
                workers.execute(task);
            } catch (RejectedExecutionException e) {
                pending.remove(slot);
            }
        }
    }

    /**
     * The unwrap of the ingress record at {@code partition}/{@code offset}, if it was computed ahead
     * with {@code key} over exactly {@code packet}; null if not (the caller unwraps it itself).
     *
     * @throws IllegalStateException as {@link Sphinx#unwrap} does, for a key destroyed meanwhile
     */
    UnwrapResult take(int partition, long offset, MixPrivateKey key, byte[] packet) {
        Pending p = pending.remove(new Slot(partition, offset));
        if (p == null || p.key() != key || !Arrays.equals(p.packet(), packet)) {
            if (p != null) {
                p.task().cancel(false);
            }
            return null;
        }
        if (p.task().cancel(false)) {
            return null; // not started: cheaper to run it here than to wait in the queue
        }
        try {
            return p.task().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException retired) {
                throw retired;
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Results waiting to be taken. */
    int pendingCount() {
        return pending.size();
    }

    private void evictAll() {
        pending.values().forEach(p -> p.task().cancel(false));
        pending.clear();
    }

    /**
     * The main consumer's interceptor: hands each polled batch to the {@link UnwrapAhead} found under
     * {@value #CONFIG_KEY} in its configuration, and returns the batch unchanged.
     */
    public static final class Interceptor implements ConsumerInterceptor<byte[], byte[]> {

        private UnwrapAhead ahead;

        @Override
        public void configure(Map<String, ?> configs) {
            if (configs.get(CONFIG_KEY) instanceof UnwrapAhead a) {
                ahead = a;
            }
        }

        @Override
        public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
            if (ahead != null && !records.isEmpty()) {
                ahead.submit(records);
            }
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

        @Override
        public void close() {}
    }
}
