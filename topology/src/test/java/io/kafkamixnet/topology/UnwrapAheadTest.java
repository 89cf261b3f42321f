package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unwraps computed ahead are exactly the processor's own, and only ever for the record they were computed for. */
class UnwrapAheadTest {

    private static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));

    private final SecureRandom random = new SecureRandom();
    private final Geometry geometry = Geometry.defaults();
    private final Sphinx sphinx = new Sphinx(geometry, random);
    private final long epoch = SCHEDULE.epochAt(System.currentTimeMillis());
    private final MixPrivateKey key = MixPrivateKey.generate(epoch, random);
    private final PacketEnvelopeCodec envelopes = PacketEnvelopeCodec.forPacketSize(geometry.packetSize());

    private UnwrapAhead ahead(Path dir) {
        EpochKeyRing ring = MixFixture.ring(dir.resolve("keys"), SCHEDULE, key);
        MixerConfig config = MixFixture.forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                .epochSchedule(SCHEDULE)
                .partitionBinding(false)
                .build();
        return new UnwrapAhead(config, ring, () -> 1, 2);
    }

    private byte[] exitPacket(String payload) {
        return sphinx.createForwardPacket(
                List.of(new Hop(key.publicKey(), HopInstruction.exit(MixFixture.SERVICE, 0))),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecords<byte[], byte[]> batch(String topic, List<byte[]> values) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(new ConsumerRecord<>(topic, 0, 100 + i, null, values.get(i)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), records), Map.of());
    }

    @Test
    void aResultTakenIsTheUnwrapOfThatRecordAndIsTakenOnce(@TempDir Path dir) {
        UnwrapAhead ahead = ahead(dir);
        List<byte[]> packets = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            packets.add(exitPacket("payload " + i));
            values.add(envelopes.encode(epoch, packets.get(i)));
        }
        UnwrapAhead.Interceptor interceptor = new UnwrapAhead.Interceptor();
        interceptor.configure(Map.of(UnwrapAhead.CONFIG_KEY, ahead));
        ConsumerRecords<byte[], byte[]> records = batch(MixFixture.INGRESS, values);
        assertThat(interceptor.onConsume(records))
                .as("the batch passes unchanged")
                .isSameAs(records);
        assertThat(ahead.pendingCount()).isEqualTo(20);
        // Let the workers get through some of them; whatever is not started yet is unwrapped by the caller.
        Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        for (int i = 0; i < 20; i++) {
            UnwrapResult got = ahead.take(0, 100 + i, key, packets.get(i));
            UnwrapResult own = sphinx.unwrap(key, packets.get(i));
            if (got != null) { // null: not started yet, and the caller unwraps it itself
                var p = (UnwrapResult.Processed) got;
                var q = (UnwrapResult.Processed) own;
                assertThat(p.output()).isEqualTo(q.output());
                assertThat(p.instruction()).isEqualTo(q.instruction());
                assertThat(p.replayTag()).isEqualTo(q.replayTag());
            }
            assertThat(ahead.take(0, 100 + i, key, packets.get(i)))
                    .as("taken once")
                    .isNull();
        }
        assertThat(ahead.pendingCount()).isZero();
    }

    @Test
    void anotherPacketAtTheSameOffsetOrAnotherKeyGetsNothing(@TempDir Path dir) {
        UnwrapAhead ahead = ahead(dir);
        byte[] packet = exitPacket("one");
        ahead.submit(batch(MixFixture.INGRESS, List.of(envelopes.encode(epoch, packet))));
        assertThat(ahead.take(0, 100, key, exitPacket("another"))).isNull();
        ahead.submit(batch(MixFixture.INGRESS, List.of(envelopes.encode(epoch, packet))));
        assertThat(ahead.take(0, 100, MixPrivateKey.generate(epoch, random), packet))
                .isNull();
        assertThat(ahead.pendingCount()).isZero();
    }

    @Test
    void onlyIngressRecordsThatPassTheStatelessChecksAreQueued(@TempDir Path dir) {
        UnwrapAhead ahead = ahead(dir);
        byte[] packet = exitPacket("x");
        ahead.submit(batch("another.topic", List.of(envelopes.encode(epoch, packet))));
        ahead.submit(batch(MixFixture.INGRESS, List.of(new byte[] {1, 2, 3})));
        ahead.submit(batch(MixFixture.INGRESS, List.of(envelopes.encode(epoch + 100, packet))));
        assertThat(ahead.pendingCount()).isZero();
    }

    @Test
    void theInterceptorIsAddedToTheMainConsumerAfterAnyGiven(@TempDir Path dir) {
        UnwrapAhead ahead = ahead(dir);
        Properties p = new Properties();
        String key = StreamsConfig.mainConsumerPrefix("interceptor.classes");
        p.put(key, "com.example.Audit");
        ahead.addTo(p);
        assertThat(p.get(key)).isEqualTo("com.example.Audit," + UnwrapAhead.Interceptor.class.getName());
        assertThat(p.get(StreamsConfig.mainConsumerPrefix(UnwrapAhead.CONFIG_KEY)))
                .isSameAs(ahead);
    }
}
