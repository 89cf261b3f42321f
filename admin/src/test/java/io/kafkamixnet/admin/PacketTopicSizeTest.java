package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SurbIdBytes;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packet topics' size limit against the largest record values the packet geometry allows. */
class PacketTopicSizeTest {

    @Test
    void theDefaultPacketSizeIsThePacketModulesDefault() {
        assertThat(TopicSpec.DEFAULT_PACKET_SIZE).isEqualTo(Geometry.defaults().packetSize());
    }

    @Test
    void everyPacketTopicValueFitsThePerValueOverhead() {
        for (Geometry g :
                List.of(Geometry.defaults(), Geometry.of(1, 512), Geometry.of(16, 65_536), Geometry.of(5, 1 << 20))) {
            int largest = Math.max(largestEnvelope(g), Math.max(largestExitMessage(g), largestInboxMessage(g)));
            assertThat(largest)
                    .as("largest value for %s", g)
                    .isLessThanOrEqualTo(g.packetSize() + TopicSpec.PACKET_VALUE_OVERHEAD);
        }
    }

    @Test
    void packetTopicsCapRecordBatchesNearAPacketWithRoomForAProducerBatch() {
        int cap = TopicSpec.packetTopicMaxMessageBytes(2048);
        assertThat(cap).isEqualTo(16_384 + 2048 + TopicSpec.PACKET_VALUE_OVERHEAD + TopicSpec.RECORD_BATCH_OVERHEAD);
        assertThat(cap).isLessThan(1_048_588 / 50); // Kafka's default: 1 MiB + 12
        for (TopicSpec spec :
                List.of(TopicSpec.mixerIngress("a", 2), TopicSpec.exit("b", 1), TopicSpec.replyInbox("c", 1))) {
            assertThat(spec.configs()).containsEntry("max.message.bytes", Integer.toString(cap));
        }
        // Packets larger than a producer batch: two single-record batches' worth.
        int big = 64 * 1024;
        int oneBig = big + TopicSpec.PACKET_VALUE_OVERHEAD + TopicSpec.RECORD_BATCH_OVERHEAD;
        assertThat(TopicSpec.packetTopicMaxMessageBytes(big)).isEqualTo(2 * oneBig);
        assertThat(TopicSpec.mixerIngress("a", 1, big).configs())
                .containsEntry("max.message.bytes", Integer.toString(2 * oneBig));
        assertThat(TopicSpec.directory("d").configs()).doesNotContainKey("max.message.bytes");
        assertThatThrownBy(() -> TopicSpec.packetTopicMaxMessageBytes(0)).hasMessageContaining("found 0");
    }

    static int largestEnvelope(Geometry g) {
        return AvroCodec.of(PacketEnvelope.class)
                .encode(PacketEnvelope.newBuilder()
                        .setFormatVersion(Integer.MIN_VALUE)
                        .setEpoch(Long.MIN_VALUE)
                        .setPacket(ByteBuffer.wrap(new byte[g.packetSize()]))
                        .build())
                .length;
    }

    private static int largestExitMessage(Geometry g) {
        return AvroCodec.of(ExitMessage.class)
                .encode(ExitMessage.newBuilder()
                        .setEpoch(Long.MIN_VALUE)
                        .setPayload(ByteBuffer.wrap(new byte[g.forwardPayloadCapacity()]))
                        .setReplyBlock(ByteBuffer.wrap(new byte[g.maxSurbSize()]))
                        .build())
                .length;
    }

    private static int largestInboxMessage(Geometry g) {
        return AvroCodec.of(InboxMessage.class)
                .encode(InboxMessage.newBuilder()
                        .setSurbId(new SurbIdBytes(new byte[16]))
                        .setPayload(ByteBuffer.wrap(new byte[g.payloadSize()]))
                        .build())
                .length;
    }
}
