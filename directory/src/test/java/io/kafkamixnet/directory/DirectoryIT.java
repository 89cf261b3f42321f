package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Publisher and reader against a real broker. */
@ExtendWith(KafkaClusterExtension.class)
class DirectoryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));

    @TempDir
    Path tmp;

    private final MixerIdentity a = MixerIdentity.generate();
    private final MixerIdentity b = MixerIdentity.generate();
    private final MixerIdentity stranger = MixerIdentity.generate();

    @Test
    void aRunningReaderSeesTrustedMixersIgnoresTheRestAndFollowsAKeyRotation(KafkaCluster cluster) throws Exception {
        String topic = unique("directory");
        Map<String, Object> config = cluster.clientProperties();
        assertThat(DirectoryTopics.ensure(config, topic)).isEqualTo(TopicProvisioner.Action.CREATED);
        assertThat(DirectoryTopics.ensure(config, topic)).isEqualTo(TopicProvisioner.Action.UNCHANGED);

        EpochKeyRing ringA = EpochKeyRing.open(tmp.resolve("a-keys"), SCHEDULE);
        long beforeRotation = SCHEDULE.startMillis(8) - 1; // last millisecond of epoch 7
        long afterRotation = SCHEDULE.startMillis(8);
        DescriptorSequence seqA = new DescriptorSequence();

        try (DirectoryReader reader = new DirectoryReader(
                        config, topic, TrustPolicy.trusting(List.of(a.publicKey(), b.publicKey())));
                DirectoryPublisher publisher = new DirectoryPublisher(config, topic);
                KafkaProducer<byte[], byte[]> raw = rawProducer(config)) {
            reader.start();
            assertThat(reader.awaitReady(WAIT)).isTrue(); // empty topic: ready at once
            assertThat(reader.snapshot().all()).isEmpty();

            MixerInfo a1 = descriptor(
                    a, "mixer-a", MixerRole.FORWARD, seqA.next(beforeRotation), ringA.announcement(beforeRotation));
            publisher.publish(a, a1);
            publisher.publish(b, Fixtures.info(b, "mixer-b", MixerRole.RESPONSE, 1, 7, 8));

            // Everything a hostile or broken writer could put on the topic.
            byte[] a1Value = DescriptorCodec.signAndEncode(a, a1);
            byte[] forged = a1Value.clone();
            forged[forged.length / 2] ^= 0x10;
            send(raw, topic, "mixer-a", "garbage".getBytes(StandardCharsets.UTF_8)); // MALFORMED
            send(raw, topic, "mixer-a", null); // UNSIGNED (tombstone)
            send(raw, topic, "mixer-a", forged); // BAD_SIGNATURE
            send(
                    raw,
                    topic,
                    "mixer-c",
                    DescriptorCodec.signAndEncode(stranger, Fixtures.info(stranger, "mixer-c", 1))); // UNTRUSTED
            send(raw, topic, "mixer-a", a1Value); // STALE_SEQUENCE (replay)
            send(raw, topic, "mixer-b", a1Value); // MALFORMED (wrong record key)

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(reader.rejectedCounts())
                            .containsExactlyInAnyOrderEntriesOf(Map.of(
                                    "UNSIGNED",
                                    1L,
                                    "BAD_SIGNATURE",
                                    1L,
                                    "UNTRUSTED",
                                    1L,
                                    "STALE_SEQUENCE",
                                    1L,
                                    "MALFORMED",
                                    2L,
                                    "FUTURE_DATED",
                                    0L)));
            DirectorySnapshot snapshot = reader.snapshot();
            assertThat(snapshot.all()).extracting(MixerInfo::mixerId).containsExactly("mixer-a", "mixer-b");
            assertThat(snapshot.mixer("mixer-a")).contains(a1);
            assertThat(snapshot.mixers(MixerRole.RESPONSE))
                    .extracting(MixerInfo::mixerId)
                    .containsExactly("mixer-b");
            assertThat(snapshot.mixer("mixer-a").orElseThrow().epochKeys())
                    .extracting(EpochPublicKey::epoch)
                    .containsExactly(7L, 8L);

            // Rotation: epoch 8 begins; mixer-a keeps 7 in grace, makes 8 current and announces 9.
            MixerInfo a2 = descriptor(
                    a, "mixer-a", MixerRole.FORWARD, seqA.next(afterRotation), ringA.announcement(afterRotation));
            publisher.publish(a, a2);
            await().atMost(WAIT)
                    .until(() ->
                            reader.snapshot().mixer("mixer-a").orElseThrow().sequence() == a2.sequence());
            MixerInfo seen = reader.snapshot().mixer("mixer-a").orElseThrow();
            assertThat(seen.epochKeys()).extracting(EpochPublicKey::epoch).containsExactly(7L, 8L, 9L);
            MixPrivateKey key9 = ringA.keyFor(9, afterRotation).orElseThrow();
            assertThat(seen.keyFor(9)).contains(key9.publicKey());
            assertThat(seen.keyFor(8))
                    .isEqualTo(a1.keyFor(8)); // the key announced ahead is the one that became current
            assertThat(seen.keyValidAt(afterRotation).orElseThrow().epoch()).isEqualTo(8);
            assertThat(reader.acceptedCount()).isEqualTo(3);
        }
    }

    @Test
    void aReaderWaitsForTheTopicAndALateReaderIsReadyWithTheLatestDescriptors(KafkaCluster cluster) throws Exception {
        String topic = unique("directory-late");
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("group.id", "ignored-by-the-reader");

        try (DirectoryReader early =
                new DirectoryReader(config, topic, TrustPolicy.pinning(tmp.resolve("early-pins")))) {
            early.start();
            assertThat(early.awaitReady(Duration.ofMillis(1500))).isFalse(); // no topic yet

            DirectoryTopics.ensure(config, topic);
            try (DirectoryPublisher publisher = new DirectoryPublisher(config, topic)) {
                publisher.publish(a, Fixtures.info(a, "mixer-a", 1));
                publisher.publish(a, Fixtures.info(a, "mixer-a", 2));
                publisher.publish(b, Fixtures.info(b, "mixer-b", 1));
            }
            assertThat(early.awaitReady(WAIT)).isTrue();
            await().atMost(WAIT)
                    .until(() -> early.snapshot().size() == 2
                            && early.snapshot().mixer("mixer-a").orElseThrow().sequence() == 2);

            // A reader started now is ready only once it has read up to the end: no waiting for content after that.
            Path pins = tmp.resolve("late-pins");
            try (DirectoryReader late = new DirectoryReader(config, topic, TrustPolicy.pinning(pins))) {
                late.start();
                assertThat(late.awaitReady(WAIT)).isTrue();
                assertThat(late.snapshot().mixer("mixer-a").orElseThrow().sequence())
                        .isEqualTo(2);
                assertThat(late.snapshot().mixer("mixer-b")).isPresent();
                assertThat(TrustPolicy.pinning(pins).pins())
                        .containsEntry("mixer-a", a.publicKeyHex())
                        .containsEntry("mixer-b", b.publicKeyHex());
            }
        }
    }

    /**
     * A mixer ran once with its clock a day fast: its sequence is a day ahead. Restarted with the clock
     * right, its publisher reads its own last descriptor back and continues above it, so readers never see a
     * stale sequence. Records under its key from other identities or garbage do not move the sequence.
     */
    @Test
    void aRestartedPublisherContinuesAboveTheSequenceItPublishedWithAFastClock(KafkaCluster cluster) throws Exception {
        String topic = unique("directory-clock");
        Map<String, Object> config = cluster.clientProperties();
        DirectoryTopics.ensure(config, topic);
        java.time.Clock right = java.time.Clock.systemUTC();
        java.time.Clock dayFast = java.time.Clock.offset(right, Duration.ofDays(1));

        long fastSequence;
        try (DirectoryPublisher first = new DirectoryPublisher(config, topic);
                KafkaProducer<byte[], byte[]> raw = rawProducer(config)) {
            // Dated right (so today's readers take it), numbered by the fast clock: the poison.
            MixerInfo fromFastClock = Fixtures.info(a, "mixer-a", 0).toBuilder()
                    .publishedAtMillis(right.millis())
                    .sequence(new DescriptorSequence().next(dayFast))
                    .build();
            fastSequence = first.publish(a, fromFastClock).sequence();
            assertThat(first.lastPublishedSequence(a, "mixer-a")).isEqualTo(fastSequence);
            // What others put under the same key must not move the sequence (up to its end, for one).
            send(
                    raw,
                    topic,
                    "mixer-a",
                    DescriptorCodec.signAndEncode(
                            stranger,
                            Fixtures.info(stranger, "mixer-a", 0).toBuilder()
                                    .sequence(Long.MAX_VALUE)
                                    .build()));
            send(raw, topic, "mixer-a", "garbage".getBytes(StandardCharsets.UTF_8));
            send(raw, topic, "mixer-a", null);
        }

        try (DirectoryReader reader = new DirectoryReader(config, topic, TrustPolicy.trusting(List.of(a.publicKey())));
                DirectoryPublisher restarted = new DirectoryPublisher(config, topic)) {
            reader.start();
            assertThat(reader.awaitReady(WAIT)).isTrue();
            assertThat(reader.snapshot().mixer("mixer-a").orElseThrow().sequence())
                    .isEqualTo(fastSequence);

            assertThat(restarted.lastPublishedSequence(a, "mixer-a")).isEqualTo(fastSequence);
            assertThat(restarted.lastPublishedSequence(b, "mixer-a")).isEqualTo(-1); // not b's descriptor
            MixerInfo now = Fixtures.info(a, "mixer-a", 0).toBuilder()
                    .publishedAtMillis(right.millis())
                    .sequence(new DescriptorSequence().next(right))
                    .build();
            assertThat(now.sequence()).isLessThan(fastSequence);
            MixerInfo published = restarted.publish(a, now);
            assertThat(published.sequence()).isEqualTo(fastSequence + 1);
            assertThat(published.toBuilder().sequence(now.sequence()).build())
                    .isEqualTo(now); // only the sequence changed
            assertThat(restarted.publish(a, now).sequence()).isEqualTo(fastSequence + 2);

            await().atMost(WAIT)
                    .until(() ->
                            reader.snapshot().mixer("mixer-a").orElseThrow().sequence() == fastSequence + 2);
            assertThat(reader.rejectedCounts()).containsEntry("STALE_SEQUENCE", 0L);
        }
    }

    private static MixerInfo descriptor(
            MixerIdentity id, String mixerId, MixerRole role, long sequence, List<EpochPublicKey> keys) {
        return MixerInfo.builder()
                .mixerId(mixerId)
                .role(role)
                .ingressTopic(mixerId + "-in")
                .identity(id)
                .epochKeys(keys)
                .strategySummary("timed(t=1s)")
                .publishedAtMillis(System.currentTimeMillis())
                .sequence(sequence)
                .build();
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(c);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
