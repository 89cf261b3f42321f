package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Packet topics refuse records far larger than a packet and accept packets, alone and in the batches a
 * lingering producer builds, with or without compression. Also measures what a record batch of one
 * envelope costs on the broker's disk, which {@link TopicSpec#RECORD_BATCH_OVERHEAD} must cover.
 */
@ExtendWith(KafkaClusterExtension.class)
class PacketTopicSizeIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aRecordFarLargerThanAPacketIsRefusedWhilePacketsAndTheirBatchesAreAccepted(KafkaCluster cluster)
            throws Exception {
        String topic = "mix-in-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            new TopicProvisioner(admin).ensure(List.of(TopicSpec.mixerIngress(topic, 1)));
            TopicPartition partition = new TopicPartition(topic, 0);

            byte[] envelope = envelope();
            try (KafkaProducer<byte[], byte[]> single = producer(cluster, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                single.send(new ProducerRecord<>(topic, partition.partition(), null, envelope))
                        .get();
                long oneBatch = sizeOnDisk(admin, partition);
                System.out.printf(
                        "one-record batch of a %d-byte envelope (2048-byte packet): %d bytes on disk, overhead %d bytes;"
                                + " max.message.bytes %d%n",
                        envelope.length,
                        oneBatch,
                        oneBatch - envelope.length,
                        TopicSpec.packetTopicMaxMessageBytes(2048));
                assertThat(oneBatch - envelope.length).isLessThanOrEqualTo(TopicSpec.RECORD_BATCH_OVERHEAD);

                // Ten packets' worth in one record, and 100 KB: refused by the broker, not by the producer (whose limit
                // is 1 MiB).
                for (int size : new int[] {10 * envelope.length, 100_000}) {
                    Future<RecordMetadata> tooLarge =
                            single.send(new ProducerRecord<>(topic, partition.partition(), null, random(size)));
                    assertThatThrownBy(tooLarge::get)
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(RecordTooLargeException.class);
                }
            }

            // A lingering producer packs many envelopes into each batch: every batch fits, none is split.
            for (String compression : new String[] {"none", "lz4", "zstd", "gzip", "snappy"}) {
                try (KafkaProducer<byte[], byte[]> lingering = producer(
                        cluster,
                        Map.of(
                                ProducerConfig.LINGER_MS_CONFIG,
                                200,
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                compression))) {
                    List<Future<RecordMetadata>> sent = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        sent.add(lingering.send(new ProducerRecord<>(topic, partition.partition(), null, envelope())));
                    }
                    for (Future<RecordMetadata> f : sent) {
                        f.get();
                    }
                    System.out.printf(
                            "compression %s: 200 envelopes, batch-size-avg %.0f bytes, batch-size-max %.0f bytes,"
                                    + " records-per-request-avg %.1f, batch splits %.0f%n",
                            compression,
                            metric(lingering, "batch-size-avg"),
                            metric(lingering, "batch-size-max"),
                            metric(lingering, "records-per-request-avg"),
                            metric(lingering, "batch-split-total"));
                    assertThat(metric(lingering, "batch-size-max"))
                            .as("batches of several records")
                            .isGreaterThan(4.0 * envelope.length);
                    assertThat(metric(lingering, "batch-split-total"))
                            .as("refused and split batches")
                            .isZero();
                    assertThat(metric(lingering, "record-error-total")).isZero();
                }
            }
        }
    }

    private static byte[] envelope() {
        return AvroCodec.of(PacketEnvelope.class)
                .encode(PacketEnvelope.newBuilder()
                        .setFormatVersion(1)
                        .setEpoch(493_000)
                        .setPacket(ByteBuffer.wrap(random(2048)))
                        .build());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(cluster.clientProperties());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.putAll(extra);
        return new KafkaProducer<>(c);
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e :
                producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
            }
        }
        throw new AssertionError("no producer metric " + name);
    }

    /** Bytes the partition's log holds on the broker (all segments). */
    private static long sizeOnDisk(Admin admin, TopicPartition partition) throws Exception {
        int broker = admin.describeCluster().nodes().get().iterator().next().id();
        Map<String, LogDirDescription> dirs =
                admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker);
        long size = 0;
        for (LogDirDescription dir : dirs.values()) {
            if (dir.replicaInfos().containsKey(partition)) {
                size += dir.replicaInfos().get(partition).size();
            }
        }
        return size;
    }
}
