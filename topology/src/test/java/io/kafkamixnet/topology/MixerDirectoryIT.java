package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A started mixer publishes a signed descriptor that a {@link DirectoryReader} trusting its identity
 * reads back with exactly the keys the mixer accepts; across an epoch boundary (4 s epochs, 2 s
 * grace) a new descriptor announces the new next key, a packet built from the directory with the
 * previous epoch's key is still mixed within the grace and refused after it, and the expired key
 * file is wiped.
 */
@ExtendWith(KafkaClusterExtension.class)
class MixerDirectoryIT {

    /** Short epochs so the test sees a rotation; the grace leaves a packet two seconds to be processed. */
    private static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofSeconds(4), Duration.ofSeconds(2));

    @Test
    void descriptorIsPublishedReadBackAndRotatesWithTheEpochs(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Path keys = work.resolve("mixer-keys");
        PoolStoreKey.generate(net.random).write(keys);
        MixerIdentity identity = MixerIdentity.generate(net.random);
        MixerIdentityFiles.write(keys, identity); // what mixnet keygen does; no epoch keys: the mixer makes them
        String directoryTopic = net.topic("mixnet-directory");
        Map<String, String> settings =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state"));
        settings.put("keys.dir", keys.toString());
        settings.put("epoch.length", "4s");
        settings.put("epoch.grace", "2s");
        settings.put("directory.topic", directoryTopic);
        MixerConfig config = MixerConfig.fromMap(settings, null);
        assertThat(config.epochSchedule()).isEqualTo(SCHEDULE);
        assertThat(config.directoryPublishInterval()).isEqualTo(Duration.ofSeconds(1));

        try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings());
                DirectoryReader reader = new DirectoryReader(
                        cluster.clientProperties(),
                        directoryTopic,
                        TrustPolicy.trustingHex(List.of(mixer.identity().orElseThrow())));
                DirectoryReader stranger = new DirectoryReader(
                        cluster.clientProperties(),
                        directoryTopic,
                        TrustPolicy.trusting(
                                List.of(MixerIdentity.generate(net.random).publicKey())));
                KafkaProducer<byte[], byte[]> producer = net.producer()) {
            assertThat(mixer.identity()).contains(identity.publicKeyHex());
            mixer.start();
            // Published by the time start() returns (while Kafka Streams starts), on a provisioned topic.
            MixerInfo first = mixer.lastDescriptor().orElseThrow();
            assertThat(mixer.awaitRunning(Duration.ofSeconds(90))).isTrue();
            reader.start();
            stranger.start();
            assertThat(reader.awaitReady(Duration.ofSeconds(30))).isTrue();

            // Read back: signed by the mixer's identity, with what the mixer is and accepts.
            MixerInfo read = awaitDescriptor(reader, info -> info.sequence() >= first.sequence());
            assertThat(read.mixerId()).isEqualTo("mix-a");
            assertThat(read.role()).isEqualTo(MixerRole.FORWARD);
            assertThat(read.ingressTopic()).isEqualTo(net.topic("mix-a.in"));
            assertThat(read.identityKeyHex()).isEqualTo(identity.publicKeyHex());
            assertThat(read.strategySummary()).isEqualTo(config.strategy().summary());
            // The links it announces are exactly the Relay and Exit targets it accepts.
            assertThat(read.links()).contains(new MixerLinks(List.of("mix-b"), List.of("survey")));
            assertAnnouncesTheKeysOnDisk(read, keys, false);

            // An identity nobody listed is not believed, however well it signs.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> stranger.rejectedCounts().get("UNTRUSTED") > 0);
            assertThat(stranger.snapshot().mixer("mix-a")).isEmpty();

            // Pick an epoch e with time to build a packet from the directory before it ends.
            long now = System.currentTimeMillis();
            if (SCHEDULE.endMillis(SCHEDULE.epochAt(now)) - now < 1500) {
                sleepUntil(SCHEDULE.endMillis(SCHEDULE.epochAt(now)) + 10);
            }
            long e = SCHEDULE.epochAt(System.currentTimeMillis());
            MixPublicKey keyOfE = awaitDescriptor(reader, info -> info.keyFor(e).isPresent())
                    .keyFor(e)
                    .orElseThrow();
            byte[] inGrace = exitPacket(net, keyOfE, "built in epoch e, sent in its grace");
            byte[] tooLate = exitPacket(net, keyOfE, "built in epoch e, sent after its grace");
            producer.partitionsFor(net.topic("mix-a.in")); // metadata now, not in the grace window

            // After the boundary: a new descriptor with the next key (e + 2) appears.
            sleepUntil(SCHEDULE.startMillis(e + 1) + 20);
            send(net, producer, e, inGrace);
            MixerInfo rotated =
                    awaitDescriptor(reader, info -> info.keyFor(e + 2).isPresent());
            assertThat(rotated.sequence()).isGreaterThan(read.sequence());
            assertAnnouncesTheKeysOnDisk(rotated, keys, true);

            // After the grace: epoch e is refused, gone from the descriptor and wiped from disk.
            sleepUntil(SCHEDULE.graceUntilMillis(e) + 200);
            send(net, producer, e, tooLate);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(keys.resolve(MixKeyFiles.fileName(e))));
            MixerInfo afterGrace =
                    awaitDescriptor(reader, info -> info.publishedAtMillis() >= SCHEDULE.graceUntilMillis(e));
            assertThat(afterGrace.keyFor(e)).isEmpty();

            try (KafkaConsumer<byte[], byte[]> c = net.consumer(true)) {
                List<ConsumerRecord<byte[], byte[]>> exits = LiveNetwork.readCommitted(
                        c, net.topic("exit.survey"), 1, Duration.ofSeconds(30), Duration.ofMillis(500));
                assertThat(exits).hasSize(1);
                ExitMessage m = AvroSerde.exitMessage()
                        .deserializer()
                        .deserialize("x", exits.get(0).value());
                assertThat(MixFixture.payload(m)).isEqualTo("built in epoch e, sent in its grace");
                assertThat(m.getEpoch()).isEqualTo(e);
            }
            try (KafkaConsumer<byte[], byte[]> c = net.consumer(true)) {
                List<ConsumerRecord<byte[], byte[]>> dead = LiveNetwork.readCommitted(
                        c, net.topic("mix-a.dead"), 1, Duration.ofSeconds(30), Duration.ofMillis(500));
                assertThat(dead).hasSize(1);
                DeadLetter d = AvroSerde.deadLetter()
                        .deserializer()
                        .deserialize("x", dead.get(0).value());
                assertThat(d.getReason()).isEqualTo(RejectionReason.UNKNOWN_EPOCH.name());
                assertThat(d.getEpoch()).isEqualTo(e);
            }
            assertThat(mixer.metrics().acceptedCount()).isEqualTo(1);

            // Republished periodically too, so a reader that starts late finds a fresh descriptor.
            try (DirectoryReader late = new DirectoryReader(
                    cluster.clientProperties(),
                    directoryTopic,
                    TrustPolicy.trustingHex(List.of(identity.publicKeyHex())))) {
                late.start();
                assertThat(late.awaitReady(Duration.ofSeconds(30))).isTrue();
                MixerInfo fresh = late.snapshot().mixer("mix-a").orElseThrow();
                assertThat(System.currentTimeMillis() - fresh.publishedAtMillis())
                        .isLessThan(10_000);
                assertThat(fresh.keyValidAt(System.currentTimeMillis())).isPresent();
            }
            assertThat(reader.rejectedCounts().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isZero();
            assertThat((Long) mixer.metricsSnapshot().get("descriptorFailures")).isZero();
        }
    }

    /**
     * The descriptor lists the epochs accepted when it was published (previous in grace, current,
     * next), each with the public key of the mixer's key file for that epoch. Past keys are never
     * generated, so a mixer started in the grace of an epoch it had no key for announces just the
     * current and next ones: {@code complete} says the previous one must be there if in grace.
     */
    private static void assertAnnouncesTheKeysOnDisk(MixerInfo info, Path keys, boolean complete) throws Exception {
        List<Long> accepted = SCHEDULE.acceptedEpochs(info.publishedAtMillis());
        List<Long> announced =
                info.epochKeys().stream().map(EpochPublicKey::epoch).toList();
        long current = SCHEDULE.epochAt(info.publishedAtMillis());
        if (complete) {
            assertThat(announced).containsExactlyElementsOf(accepted);
        } else {
            assertThat(accepted).containsAll(announced);
            assertThat(announced).contains(current, current + 1);
        }
        Map<Long, MixPrivateKey> onDisk =
                MixKeyFiles.readAll(keys).stream().collect(Collectors.toMap(MixPrivateKey::epoch, Function.identity()));
        for (EpochPublicKey k : info.epochKeys()) {
            Optional<MixPrivateKey> held = Optional.ofNullable(onDisk.get(k.epoch()));
            if (held.isEmpty()) {
                // Purged since: only possible once its grace has ended.
                assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(SCHEDULE.graceUntilMillis(k.epoch()));
                continue;
            }
            assertThat(k.key().bytes()).isEqualTo(held.get().publicKey().bytes());
            assertThat(k).isEqualTo(EpochPublicKey.of(held.get().publicKey(), SCHEDULE));
        }
        onDisk.values().forEach(MixPrivateKey::destroy);
    }

    private static MixerInfo awaitDescriptor(
            DirectoryReader reader, java.util.function.Predicate<MixerInfo> condition) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> reader.snapshot().mixer("mix-a").filter(condition).orElse(null), i -> i != null);
    }

    private static byte[] exitPacket(LiveNetwork net, MixPublicKey key, String payload) {
        return net.sphinx.createForwardPacket(
                List.of(new Hop(key, HopInstruction.exit("survey", 0))), payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(LiveNetwork net, KafkaProducer<byte[], byte[]> producer, long epoch, byte[] packet)
            throws Exception {
        byte[] envelope = net.envelopes.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
        producer.send(new ProducerRecord<>(
                        net.topic("mix-a.in"), PartitionBinding.partitionFor(packet, 1), null, envelope))
                .get();
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
