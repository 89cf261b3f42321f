package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A mixer's keys on disk and clients around it on a real cluster: the integration tests' and the
 * benchmark's view from outside, with nothing of the mixer's internals.
 */
final class LiveNetwork {

    static final EpochSchedule SCHEDULE = EpochSchedule.defaults();

    final KafkaCluster cluster;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final SecureRandom random = new SecureRandom();
    final Sphinx sphinx = new Sphinx(Geometry.defaults(), random);
    final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);
    final Path keyDir;
    final long epoch;
    final MixPrivateKey key;
    final MixPrivateKey nextKey;

    LiveNetwork(KafkaCluster cluster, Path workDir) throws IOException {
        this.cluster = cluster;
        this.keyDir = workDir.resolve("keys-" + suffix);
        this.epoch = SCHEDULE.epochAt(System.currentTimeMillis());
        MixPrivateKey k = null;
        for (long e = epoch - 1; e <= epoch + 1; e++) { // a test that runs across an epoch change still works
            MixPrivateKey generated = MixPrivateKey.generate(e, random);
            MixKeyFiles.write(keyDir, generated);
            if (e == epoch) {
                k = generated;
            }
        }
        this.key = k;
        this.nextKey = MixPrivateKey.generate(epoch, random);
        PoolStoreKey.generate(random).write(keyDir);
    }

    String topic(String name) {
        return name + "-" + suffix;
    }

    ClientSettings clientSettings() {
        Map<String, String> props = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
        String bootstrap = props.remove("bootstrap.servers");
        return ClientSettings.of(bootstrap, props);
    }

    /** Short timeouts so a killed instance is replaced in seconds, not minutes. */
    static Map<String, String> fastFailover() {
        return Map.of(
                "kafka.session.timeout.ms",
                "6000",
                "kafka.heartbeat.interval.ms",
                "1000",
                "kafka.transaction.timeout.ms",
                "10000",
                "kafka.commit.interval.ms",
                "100");
    }

    /** Settings of a forward mixer "mix-a" exiting to service "survey", as a properties map. */
    Map<String, String> mixerSettings(
            String strategyName,
            Map<String, String> strategy,
            int ingressPartitions,
            int outputPartitions,
            Path stateDir) {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-a");
        m.put("mixer.role", "forward");
        m.put("mixer.application-id", topic("mixer-a"));
        m.put("strategy", strategyName);
        m.putAll(strategy);
        m.put("topic.ingress", topic("mix-a.in"));
        m.put("topic.ingress.partitions", Integer.toString(ingressPartitions));
        m.put("topic.dead-letter", topic("mix-a.dead"));
        m.put("next-hop.mix-b", topic("mix-b.in"));
        m.put("exit.survey", topic("exit.survey"));
        m.put("topics.output.partitions", Integer.toString(outputPartitions));
        m.put("keys.dir", keyDir.toString());
        m.put("state.dir", stateDir.toString());
        m.putAll(fastFailover());
        return m;
    }

    byte[] exitPacket(String payload) {
        return sphinx.createForwardPacket(
                List.of(new Hop(key.publicKey(), HopInstruction.exit("survey", 0))),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    byte[] exitPacket(byte[] payload) {
        return sphinx.createForwardPacket(List.of(new Hop(key.publicKey(), HopInstruction.exit("survey", 0))), payload);
    }

    byte[] relayPacket(String payload) {
        return sphinx.createForwardPacket(
                List.of(
                        new Hop(key.publicKey(), HopInstruction.relay("mix-b", 0)),
                        new Hop(nextKey.publicKey(), HopInstruction.exit("survey", 0))),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    byte[] envelope(byte[] packet) {
        return envelopes.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(cluster.clientProperties());
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Produces each packet to the partition it is bound to, as a client must. */
    void produce(String topic, int partitions, List<byte[]> packets) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (byte[] packet : packets) {
                producer.send(new ProducerRecord<>(
                        topic, PartitionBinding.partitionFor(packet, partitions), null, envelope(packet)));
            }
            producer.flush();
        }
    }

    KafkaConsumer<byte[], byte[]> consumer(boolean readCommitted) {
        Map<String, Object> c = new HashMap<>(cluster.clientProperties());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads committed records of {@code topic} until {@code expected} arrived (or the timeout), then a little longer. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            KafkaConsumer<byte[], byte[]> consumer, String topic, int expected, Duration timeout, Duration settle) {
        consumer.subscribe(Set.of(topic));
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        long settleEnd = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settleEnd) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        return got;
    }

    static String payload(byte[] exitMessageBytes) {
        ExitMessage m = AvroSerde.exitMessage().deserializer().deserialize("exit", exitMessageBytes);
        return MixFixture.payload(m);
    }

    /** Writes settings to a properties file (for the child process and the CLI). */
    static Path writeProperties(Path file, Map<String, String> settings) throws IOException {
        java.util.Properties p = new java.util.Properties();
        p.putAll(settings);
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "mixer under test");
        }
        return file;
    }
}
