package io.kafkamixnet.faults.harness;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.envelope.DecodedEnvelope;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Hostile records for one mixer's single-partition ingress topic, produced as fast as the producer
 * goes: garbage bytes, real envelopes with one header bit flipped, and real envelopes replayed
 * unchanged. The real envelopes are the ones clients already wrote to the topic (read back from it),
 * so a replayed copy always sits after its original in the partition.
 */
public final class IngressFlood implements AutoCloseable {

    /** The kinds of hostile record and the dead-letter reason each must get. */
    public enum Kind {
        /** Random bytes, 1 to 600 of them: not a PacketEnvelope. */
        GARBAGE("UNDECODABLE_RECORD"),
        /** A real envelope with one bit of the packet header after the group element flipped. */
        BIT_FLIPPED("BAD_MAC"),
        /** A real envelope produced again unchanged. */
        REPLAYED("REPLAY");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        public String expectedReason() {
            return reason;
        }
    }

    /** X25519 group element at the start of every packet header. */
    private static final int GROUP_ELEMENT_BYTES = 32;

    private final ClientSettings cluster;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PacketEnvelopeCodec codec;
    private final int headerSize;
    private final SplittableRandom random = new SplittableRandom();

    public IngressFlood(ClientSettings cluster, String topic, Geometry geometry) {
        this.cluster = cluster;
        this.topic = topic;
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.codec = PacketEnvelopeCodec.forPacketSize(geometry.packetSize());
        this.headerSize = geometry.headerSize();
    }

    /** Up to {@code max} well-formed envelopes the clients wrote to the topic so far (partition 0). */
    public List<byte[]> realEnvelopes(int max) {
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && out.size() < max && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        codec.decode(r.value());
                        if (out.size() < max) {
                            out.add(r.value());
                        }
                    } catch (EnvelopeDecodingException e) {
                        // not a client's record
                    }
                }
            }
        }
        return out;
    }

    /** Produces {@code count} records of {@code kind} (built from {@code real} for the last two kinds). */
    public void produce(Kind kind, int count, List<byte[]> real) {
        for (int i = 0; i < count; i++) {
            byte[] value = switch (kind) {
                case GARBAGE -> garbage();
                case BIT_FLIPPED -> bitFlipped(real.get(random.nextInt(real.size())));
                case REPLAYED -> real.get(random.nextInt(real.size()));
            };
            producer.send(new ProducerRecord<>(topic, 0, null, value));
        }
        producer.flush();
    }

    private byte[] garbage() {
        byte[] b = new byte[1 + random.nextInt(600)];
        random.nextBytes(b);
        return b;
    }

    private byte[] bitFlipped(byte[] envelope) {
        try {
            DecodedEnvelope d = codec.decode(envelope);
            byte[] packet = d.packet();
            int bit = random.nextInt((headerSize - GROUP_ELEMENT_BYTES) * 8);
            packet[GROUP_ELEMENT_BYTES + bit / 8] ^= (byte) (1 << (bit % 8));
            return codec.encode(d.epoch(), packet);
        } catch (EnvelopeDecodingException e) {
            throw new IllegalStateException("a real envelope did not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
