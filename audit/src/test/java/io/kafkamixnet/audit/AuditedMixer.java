package io.kafkamixnet.audit;

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
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * One real mixer on the test broker, exiting to one service, fed by distinct senders (one idempotent
 * producer, so one producer id, per packet), and audited from the broker's log directory.
 */
final class AuditedMixer implements AutoCloseable {

    private static final EpochSchedule SCHEDULE = EpochSchedule.defaults();

    final KafkaCluster cluster;
    final Path logDir;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final SecureRandom random = new SecureRandom();
    private final Sphinx sphinx = new Sphinx(Geometry.defaults(), random);
    private final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);
    private final long epoch;
    private final MixPrivateKey key;
    private final MixerApplication mixer;
    final MixerConfig config;
    // Producers start in parallel: a round of 100 distinct senders must fit well inside one mixing interval.
    private final ExecutorService senders = Executors.newFixedThreadPool(16);

    AuditedMixer(KafkaCluster cluster, Path work, String strategy, Map<String, String> strategySettings)
            throws Exception {
        this.cluster = cluster;
        // The auditor reads the broker's log segments: only the embedded single broker has them in this JVM.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                cluster.logDir().isPresent(),
                "needs the embedded broker's log directory: skipped in " + cluster.mode());
        this.logDir = cluster.logDir().orElseThrow();
        Path keyDir = work.resolve("keys-" + suffix);
        this.epoch = SCHEDULE.epochAt(System.currentTimeMillis());
        MixPrivateKey k = null;
        for (long e = epoch - 1; e <= epoch + 1; e++) {
            MixPrivateKey generated = MixPrivateKey.generate(e, random);
            MixKeyFiles.write(keyDir, generated);
            if (e == epoch) {
                k = generated;
            }
        }
        this.key = k;
        PoolStoreKey.generate(random).write(keyDir);
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-" + suffix);
        m.put("mixer.role", "forward");
        m.put("mixer.application-id", "audit-" + suffix);
        m.put("strategy", strategy);
        m.putAll(strategySettings);
        m.put("topic.ingress", ingressTopic());
        m.put("topic.ingress.partitions", "1");
        m.put("topic.dead-letter", "audit-" + suffix + ".dead");
        m.put("exit.survey", exitTopic());
        m.put("topics.output.partitions", "2");
        m.put("keys.dir", keyDir.toString());
        m.put("state.dir", work.resolve("state-" + suffix).toString());
        m.put("kafka.commit.interval.ms", "100");
        this.config = MixerConfig.fromMap(m, null);
        Map<String, String> props = new HashMap<>();
        cluster.clientProperties().forEach((key, v) -> props.put(key, String.valueOf(v)));
        String bootstrap = props.remove("bootstrap.servers");
        this.mixer = MixerApplication.create(config, ClientSettings.of(bootstrap, props));
        mixer.start();
        if (!mixer.awaitRunning(Duration.ofSeconds(90))) {
            throw new IllegalStateException("mixer did not reach RUNNING");
        }
    }

    String ingressTopic() {
        return "audit-" + suffix + ".in";
    }

    String exitTopic() {
        return "audit-" + suffix + ".exit";
    }

    MixerApplication mixer() {
        return mixer;
    }

    /**
     * Sends one packet per payload, each from its own new producer (its own producer id: a distinct sender),
     * and waits until all are acknowledged. The packets are built and the producers started (metadata
     * fetched, producer id requested) first; only then are all packets sent at once, so the sends span a
     * short moment even on a busy machine: a round must land inside one mixing interval, and starting 100
     * producers can take longer than an interval when the cores are busy.
     */
    void sendFromDistinctSenders(List<String> payloads) {
        List<CompletableFuture<ReadySender>> starting = new ArrayList<>();
        for (String payload : payloads) {
            starting.add(CompletableFuture.supplyAsync(() -> readySender(payload), senders));
        }
        List<ReadySender> ready = new ArrayList<>();
        try {
            for (CompletableFuture<ReadySender> s : starting) {
                ready.add(s.join());
            }
            List<Future<?>> acks = new ArrayList<>();
            for (ReadySender s : ready) {
                acks.add(s.producer().send(s.record()));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("send failed", e);
        } finally {
            ready.forEach(s -> s.producer().close());
        }
    }

    private record ReadySender(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {}

    private ReadySender readySender(String payload) {
        byte[] packet = sphinx.createForwardPacket(
                List.of(new Hop(key.publicKey(), HopInstruction.exit("survey", 0))),
                payload.getBytes(StandardCharsets.UTF_8));
        byte[] envelope = envelopes.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
        Map<String, Object> p = new HashMap<>(cluster.clientProperties());
        p.put("enable.idempotence", "true");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        // Fetches the topic's metadata now; the idempotent producer asks for its id as soon as it starts.
        producer.partitionsFor(ingressTopic());
        return new ReadySender(
                producer,
                new ProducerRecord<>(ingressTopic(), PartitionBinding.partitionFor(packet, 1), null, envelope));
    }

    /**
     * Waits until {@code total} packets were released and their exit records are committed. Waiting for
     * the commit matters: a batch sent before the previous release's transaction commits can be released
     * into that same transaction, and two batches in one transaction are one anonymity set to the
     * broker operator (the auditor rightly reports log2 of both) — not the closed form under test.
     */
    void awaitReleased(long total) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> mixer.metrics().releasedCount() >= total);
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(exitTopic(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long[] committed = {0};
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                committed[0] += consumer.poll(Duration.ofMillis(200)).count();
                return committed[0] >= total;
            });
        }
    }

    /** This mixer's exit records as the audit linked them, once their transactions are in the log. */
    List<OutputLink> auditedExits(int expected) {
        List<OutputLink> mine = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            TopicLogs logs = LogDirReader.read(logDir);
            AnonymityAnalysis.Result result = AnonymityAnalysis.run(logs, NetworkLayout.discover(logs, null));
            mine.clear();
            result.outputs().stream()
                    .filter(o -> o.mixer().applicationId().equals(config.applicationId()))
                    .filter(o -> o.kind() == OutputKind.EXIT)
                    .forEach(mine::add);
            return mine.size() >= expected;
        });
        return mine;
    }

    static String payload(byte[] exitMessage) {
        ExitMessage m = AvroCodec.of(ExitMessage.class).decode(exitMessage);
        return new String(AvroCodec.copyBytes(m.getPayload()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        senders.shutdownNow();
        mixer.close();
    }
}
