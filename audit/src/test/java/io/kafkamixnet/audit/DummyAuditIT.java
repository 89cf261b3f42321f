package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dummy top-ups measured by the auditor, before and after in one run: two timed mixers side by side, one
 * with {@code dummy.min-batch=8} and one without, each relaying to the same exit mixer, each fed one honest
 * sender per interval.
 *
 * <p>What the broker operator sees at the first hop: the {@code pool-meta} count steps 0 → 1 → 0 (one
 * packet released) while the mixer writes 8 records to the next hop. The auditor attributes the 7 records
 * the release cannot account for to the pseudo-sender {@code mixer:<id>}: each record is the honest
 * sender's with probability exactly 1/8. So, asserted per flush: without dummies, the message is its one
 * output (0 bits, linked with certainty); with dummies, it is one of 8 equally likely records (3 bits =
 * log2 8, the adversary's best guess right with probability 1/8) and each record's sender distribution is
 * {1/8 honest, 7/8 mixer}, H = 0.544 bits. Exact values (within 1e-9), because the counts are exact.
 *
 * <p>And what dummies do not buy, asserted too: at the exit the mixer's dummies have been dropped; an exit
 * record is never a mixer's own, so it carries no mixer mass and its anonymity set is the honest senders
 * whose packets the exit mixer's flush held (the rounds of both first hops that reached it in one interval),
 * dummies or not.
 */
@ExtendWith(KafkaClusterExtension.class)
class DummyAuditIT {

    private static final EpochSchedule SCHEDULE = EpochSchedule.defaults();
    private static final int MIN_BATCH = 8;
    private static final int ROUNDS = 5;

    private final SecureRandom random = new SecureRandom();
    private final Sphinx sphinx = new Sphinx(Geometry.defaults(), random);
    private final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final long epoch = SCHEDULE.epochAt(System.currentTimeMillis());

    @Test
    void dummiesHideTheOneHonestPacketAmongTheFlushAtTheHopThatAddsThem(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        Assumptions.assumeTrue(
                cluster.logDir().isPresent(),
                "needs the embedded broker's log directory: skipped in " + cluster.mode());
        Path logDir = cluster.logDir().orElseThrow();
        String directory = topic("directory");
        MixPrivateKey keyB = keys(work, "mix-b");
        MixPrivateKey keyOn = keys(work, "mix-on");
        MixPrivateKey keyOff = keys(work, "mix-off");
        Map<String, String> b = settings(work, "mix-b", directory);
        b.put("exit.survey", topic("exit"));
        Map<String, String> on = settings(work, "mix-on", directory);
        on.put("next-hop.mix-b", topic("mix-b.in"));
        on.put("dummy.min-batch", "" + MIN_BATCH);
        on.put("dummy.hops", "1");
        Map<String, String> off = settings(work, "mix-off", directory);
        off.put("next-hop.mix-b", topic("mix-b.in"));
        ClientSettings client = clientSettings(cluster);
        try (MixerApplication mixB = MixerApplication.create(MixerConfig.fromMap(b, null), client);
                MixerApplication mixOn = MixerApplication.create(MixerConfig.fromMap(on, null), client);
                MixerApplication mixOff = MixerApplication.create(MixerConfig.fromMap(off, null), client)) {
            mixB.start();
            mixOn.start();
            mixOff.start();
            for (MixerApplication m : List.of(mixB, mixOn, mixOff)) {
                assertThat(m.awaitRunning(Duration.ofSeconds(90))).isTrue();
            }
            // Warm-up: mix-on builds dummies once it has read mix-b's descriptor from the directory.
            int warmUp = 0;
            while (mixOn.metrics().dummiesSentCount() == 0) {
                assertThat(warmUp).as("mix-on never built a dummy").isLessThan(30);
                send(cluster, "mix-on", relayPacket(keyOn, keyB));
                warmUp++;
                long target = warmUp;
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> mixOn.metrics().releasedCount() >= target);
            }
            long released = mixOn.metrics().releasedCount();
            long exits = warmUp;
            for (int r = 0; r < ROUNDS; r++) {
                send(cluster, "mix-on", relayPacket(keyOn, keyB));
                send(cluster, "mix-off", relayPacket(keyOff, keyB));
                released++;
                exits += 2;
                long onTarget = released;
                long offTarget = r + 1;
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> mixOn.metrics().releasedCount() >= onTarget
                                && mixOff.metrics().releasedCount() >= offTarget);
                // One honest packet per flush, or the closed form is not what is measured.
                assertThat(mixOn.metrics().releasedCount()).isEqualTo(onTarget);
                awaitCommitted(cluster, topic("exit"), exits);
            }

            long expectedExits = exits;
            Map<String, Map<Long, List<OutputLink>>> flushes = new HashMap<>();
            List<OutputLink> exitLinks = new ArrayList<>();
            AnonymityAnalysis.Result[] result = new AnonymityAnalysis.Result[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                TopicLogs logs = LogDirReader.read(logDir);
                result[0] = AnonymityAnalysis.run(logs, NetworkLayout.discover(logs, directory));
                flushes.clear();
                exitLinks.clear();
                for (OutputLink o : result[0].outputs()) {
                    if (o.kind() == OutputKind.NEXT_HOP) {
                        flushes.computeIfAbsent(o.mixer().mixerId(), k -> new TreeMap<>())
                                .computeIfAbsent(committedAt(o.record()), k -> new ArrayList<>())
                                .add(o);
                    } else if (o.kind() == OutputKind.EXIT) {
                        exitLinks.add(o);
                    }
                }
                return exitLinks.size() >= expectedExits
                        && flushes.getOrDefault("mix-off", Map.of()).size() >= ROUNDS;
            });

            // Without dummies: every flush is one record, the honest sender's with certainty.
            List<List<OutputLink>> offFlushes =
                    List.copyOf(flushes.get("mix-off").values());
            assertThat(offFlushes).hasSize(ROUNDS);
            for (List<OutputLink> flush : offFlushes) {
                assertThat(flush).hasSize(1);
                long sender = honestSender(result[0], flush);
                MessageLink message = MessageLink.of(sender, flush);
                assertThat(message.entropy()).isZero();
                assertThat(message.bestGuess()).isEqualTo(1.0);
                assertThat(flush.get(0).senders().certain()).isTrue();
            }

            // With dummies: every flush after the warm-up is 8 records, the message one of them uniformly.
            List<List<OutputLink>> onFlushes = flushes.get("mix-on").values().stream()
                    .filter(f -> f.stream().anyMatch(o -> o.released() > 0))
                    .toList();
            assertThat(onFlushes.size()).isGreaterThanOrEqualTo(ROUNDS);
            List<List<OutputLink>> padded =
                    onFlushes.stream().filter(f -> f.size() == MIN_BATCH).toList();
            assertThat(padded).hasSizeGreaterThanOrEqualTo(ROUNDS);
            double perRecord = -(1.0 / 8) * log2(1.0 / 8) - (7.0 / 8) * log2(7.0 / 8);
            for (List<OutputLink> flush : padded) {
                long sender = honestSender(result[0], flush);
                MessageLink message = MessageLink.of(sender, flush);
                assertThat(message.entropy()).isCloseTo(log2(MIN_BATCH), within(1e-9));
                assertThat(message.bestGuess()).isCloseTo(1.0 / MIN_BATCH, within(1e-9));
                for (OutputLink o : flush) {
                    assertThat(o.senders().probabilities().get(sender)).isCloseTo(1.0 / MIN_BATCH, within(1e-9));
                    assertThat(o.senders().entropy()).isCloseTo(perRecord, within(1e-9));
                }
            }
            assertThat(result[0].mixerOwnOutputs()).isGreaterThanOrEqualTo((long) (MIN_BATCH - 1) * ROUNDS);
            assertThat(result[0].mixerSenders()).containsValue("mixer:mix-on");

            // At the exit the dummies are gone: an exit record is never a mixer's own.
            for (OutputLink o : exitLinks) {
                assertThat(o.senders().probabilities().keySet()).noneMatch(result[0]::isMixer);
            }
            MessageLink exampleOn = MessageLink.of(honestSender(result[0], padded.get(0)), padded.get(0));
            System.out.printf(
                    "DummyAuditIT: without dummies %d flushes of 1 record, message entropy 0 bits, best guess 1;"
                            + " with dummy.min-batch=%d %d flushes of %d records, message entropy %.6f bits,"
                            + " best guess %.6f, per-record sender entropy %.6f bits; mixer-own records %d;"
                            + " exit records %d, mean sender entropy %.4f bits%n",
                    offFlushes.size(),
                    MIN_BATCH,
                    padded.size(),
                    MIN_BATCH,
                    exampleOn.entropy(),
                    exampleOn.bestGuess(),
                    padded.get(0).get(0).senders().entropy(),
                    result[0].mixerOwnOutputs(),
                    exitLinks.size(),
                    exitLinks.stream()
                            .mapToDouble(o -> o.senders().entropy())
                            .average()
                            .orElse(Double.NaN));
        }
    }

    /**
     * A flush is one transaction: its records share the commit marker's time. (Not their own timestamps:
     * next-hop topics are LogAppendTime, and a flush of 8 packets of 2 KiB spans two producer batches.)
     */
    private static long committedAt(LoggedRecord r) {
        return r.markerTimestamp() >= 0 ? r.markerTimestamp() : r.timestamp();
    }

    /** The one real sender a flush can hold (the rest of each record's mass is the mixer's). */
    private static long honestSender(AnonymityAnalysis.Result result, List<OutputLink> flush) {
        List<Long> senders = flush.stream()
                .flatMap(o -> o.senders().probabilities().keySet().stream())
                .filter(s -> !result.isMixer(s))
                .distinct()
                .toList();
        assertThat(senders).hasSize(1);
        return senders.get(0);
    }

    private String topic(String name) {
        return "dummy-" + suffix + "." + name;
    }

    private MixPrivateKey keys(Path work, String id) throws Exception {
        Path dir = work.resolve("keys-" + id);
        MixPrivateKey current = null;
        for (long e = epoch - 1; e <= epoch + 1; e++) {
            MixPrivateKey k = MixPrivateKey.generate(e, random);
            MixKeyFiles.write(dir, k);
            if (e == epoch) {
                current = k;
            }
        }
        PoolStoreKey.generate(random).write(dir);
        MixerIdentityFiles.write(dir, MixerIdentity.generate(random));
        return current;
    }

    private Map<String, String> settings(Path work, String id, String directory) {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", id);
        m.put("mixer.role", "forward");
        m.put("mixer.application-id", topic(id));
        m.put("strategy", "timed");
        m.put("strategy.interval", "1s");
        m.put("topic.ingress", topic(id + ".in"));
        m.put("topic.ingress.partitions", "1");
        m.put("topic.dead-letter", topic(id + ".dead"));
        m.put("topics.output.partitions", "1");
        m.put("keys.dir", work.resolve("keys-" + id).toString());
        m.put("state.dir", work.resolve("state-" + id).toString());
        m.put("directory.topic", directory);
        m.put("directory.publish-interval", "1s");
        m.put("kafka.commit.interval.ms", "100");
        return m;
    }

    private byte[] relayPacket(MixPrivateKey first, MixPrivateKey exit) {
        return sphinx.createForwardPacket(
                List.of(
                        new Hop(first.publicKey(), HopInstruction.relay("mix-b", 0)),
                        new Hop(exit.publicKey(), HopInstruction.exit("survey", 0))),
                ("honest " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One packet from a new idempotent producer: a new producer id, a distinct sender to the operator. */
    private void send(KafkaCluster cluster, String mixerId, byte[] packet) throws Exception {
        byte[] envelope = envelopes.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
        Map<String, Object> p = new HashMap<>(cluster.clientProperties());
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic(mixerId + ".in"), PartitionBinding.partitionFor(packet, 1), null, envelope))
                    .get();
        }
    }

    /** Waits until {@code total} records of {@code topic} are committed (a flush's transaction is in the log). */
    private static void awaitCommitted(KafkaCluster cluster, String topic, long total) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !consumer.partitionsFor(topic).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
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

    private static ClientSettings clientSettings(KafkaCluster cluster) {
        Map<String, String> props = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
        String bootstrap = props.remove("bootstrap.servers");
        return ClientSettings.of(bootstrap, props);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
