package io.kafkamixnet.client.testing;

import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SurbIdBytes;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * TEST HARNESS, not a mixer: plays the part of the mixers of a {@link TestMixers} fixture over Kafka
 * so that the client and the service library can be tested end to end before (and independently of)
 * the topology module. Each mixer reads its ingress topic, peels one layer with the REAL packet module
 * and the key of the envelope's epoch, and does what the mixer contract says: Relay → PacketEnvelope
 * (same epoch) on the next mixer's ingress topic; Exit(service) → ExitMessage{epoch, payload,
 * replyBlock = null} on the configured exit topic of that service (unknown services are dropped and
 * counted); DeliverReply(surbId) → InboxMessage{surbId, payload} on the reply inbox. It does NOT mix,
 * delay, shuffle or check replays: it forwards each packet at once. The full loop through real
 * mixers belongs to the integration tests that run the topology.
 */
public final class HarnessMixers implements AutoCloseable {

    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final AvroCodec<ExitMessage> EXITS = AvroCodec.of(ExitMessage.class);
    private static final AvroCodec<InboxMessage> INBOX = AvroCodec.of(InboxMessage.class);

    private final TestMixers mixers;
    private final Map<String, String> exitTopics;
    private final String inboxTopic;
    private final Sphinx sphinx = new Sphinx(TestMixers.geometry());
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unknownService = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean closing;

    public HarnessMixers(
            Map<String, Object> clientConfig, TestMixers mixers, Map<String, String> exitTopics, String inboxTopic) {
        this.mixers = mixers;
        this.exitTopics = Map.copyOf(exitTopics);
        this.inboxTopic = inboxTopic;
        this.producer = new KafkaProducer<>(clientConfig, new ByteArraySerializer(), new ByteArraySerializer());
        for (TestMixers.Mixer m : mixers.all()) {
            Map<String, Object> c = new HashMap<>(clientConfig);
            c.put("auto.offset.reset", "earliest");
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(m.ingressTopic(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumers.add(consumer);
            Thread t = new Thread(() -> run(m, consumer), "harness-mixer-" + m.id());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void run(TestMixers.Mixer m, KafkaConsumer<byte[], byte[]> consumer) {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    process(m, r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void process(TestMixers.Mixer m, byte[] value) {
        processed.incrementAndGet();
        PacketEnvelope envelope;
        try {
            envelope = ENVELOPES.decode(value);
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            return;
        }
        MixPrivateKey key = m.keyFor(envelope.getEpoch());
        if (key == null) {
            rejected.incrementAndGet();
            return;
        }
        byte[] packet = new byte[envelope.getPacket().remaining()];
        envelope.getPacket().duplicate().get(packet);
        UnwrapResult result = sphinx.unwrap(key, packet);
        if (!(result instanceof UnwrapResult.Processed p)) {
            rejected.incrementAndGet();
            return;
        }
        RoutingCommand c = p.instruction().command();
        if (c instanceof RoutingCommand.Relay relay) {
            String next = mixers.mixer(relay.mixerId()).ingressTopic();
            PacketEnvelope out = PacketEnvelope.newBuilder()
                    .setFormatVersion(1)
                    .setEpoch(envelope.getEpoch())
                    .setPacket(ByteBuffer.wrap(p.output()))
                    .build();
            producer.send(new ProducerRecord<>(next, randomPartition(next), null, null, ENVELOPES.encode(out)));
        } else if (c instanceof RoutingCommand.Exit exit) {
            String topic = exitTopics.get(exit.service());
            if (topic == null) {
                unknownService.incrementAndGet();
                return;
            }
            ExitMessage out = ExitMessage.newBuilder()
                    .setEpoch(envelope.getEpoch())
                    .setPayload(ByteBuffer.wrap(p.output()))
                    .setReplyBlock(null)
                    .build();
            producer.send(new ProducerRecord<>(topic, randomPartition(topic), null, null, EXITS.encode(out)));
        } else if (c instanceof RoutingCommand.DeliverReply deliver) {
            InboxMessage out = InboxMessage.newBuilder()
                    .setSurbId(new SurbIdBytes(deliver.surbId().bytes()))
                    .setPayload(ByteBuffer.wrap(p.output()))
                    .build();
            producer.send(new ProducerRecord<>(inboxTopic, randomPartition(inboxTopic), null, null, INBOX.encode(out)));
        }
        producer.flush();
    }

    /** Like a mixer: a partition drawn at random, independent of the input. */
    private int randomPartition(String topic) {
        return TestMixers.RANDOM.nextInt(producer.partitionsFor(topic).size());
    }

    public long rejected() {
        return rejected.get();
    }

    public long unknownService() {
        return unknownService.get();
    }

    public long processed() {
        return processed.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            t.join(10_000);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
