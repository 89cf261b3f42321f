package io.kafkamixnet.schemas.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException.Problem;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketEnvelopeCodecTest {

    private static final int SIZE = 2048;
    private final PacketEnvelopeCodec codec = PacketEnvelopeCodec.forPacketSize(SIZE);
    private final AvroCodec<PacketEnvelope> avro = AvroCodec.of(PacketEnvelope.class);

    private static byte[] packet(int length, int seed) {
        byte[] p = new byte[length];
        new Random(seed).nextBytes(p);
        return p;
    }

    private byte[] envelope(int formatVersion, long epoch, byte[] packet) {
        return avro.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(formatVersion)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
    }

    private EnvelopeDecodingException rejection(byte[] value) {
        return catchThrowableOfType(() -> codec.decode(value), EnvelopeDecodingException.class);
    }

    @Test
    void roundTrips() throws Exception {
        byte[] packet = packet(SIZE, 1);

        byte[] encoded = codec.encode(42, packet);
        DecodedEnvelope decoded = codec.decode(encoded);

        assertThat(decoded.formatVersion())
                .isEqualTo(PacketEnvelopeCodec.FORMAT_VERSION)
                .isEqualTo(1);
        assertThat(decoded.epoch()).isEqualTo(42);
        assertThat(decoded.packet()).isEqualTo(packet);
        assertThat(decoded.toString()).doesNotContain(Arrays.toString(packet).substring(1, 20));
    }

    @Test
    void encodesExactlyThePacketEnvelopeRecord() {
        byte[] packet = packet(SIZE, 2);

        assertThat(codec.encode(7, packet)).isEqualTo(envelope(1, 7, packet));
        PacketEnvelope record = codec.toRecord(7, packet);
        assertThat(record.getFormatVersion()).isEqualTo(1);
        assertThat(record.getEpoch()).isEqualTo(7);
        assertThat(AvroCodec.copyBytes(record.getPacket())).isEqualTo(packet);
    }

    @Test
    void refusesToEncodeAPacketOfAnotherSize() {
        assertThatThrownBy(() -> codec.encode(1, new byte[SIZE - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a packet of 2048 bytes, found 2047");
        assertThatThrownBy(() -> PacketEnvelopeCodec.forPacketSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnotherFormatVersionWithItsEpoch() {
        EnvelopeDecodingException e = rejection(envelope(2, 9, packet(SIZE, 3)));

        assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_FORMAT_VERSION);
        assertThat(e.epoch()).hasValue(9);
        assertThat(e).hasMessageContaining("expected format version 1, found 2");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void versionIsCheckedBeforeThePacketSize() {
        assertThat(rejection(envelope(0, 9, packet(10, 3))).problem()).isEqualTo(Problem.UNSUPPORTED_FORMAT_VERSION);
    }

    @Test
    void rejectsGarbageEmptyAndNullAsUndecodable() {
        byte[] garbage = packet(SIZE, 4);
        EnvelopeDecodingException e = rejection(garbage);
        assertThat(e.problem()).isEqualTo(Problem.UNDECODABLE_RECORD);
        assertThat(e.epoch()).isEmpty();
        assertThat(e.recordReason()).hasValue(RecordDecodingException.Reason.BAD_MARKER);

        assertThat(rejection(new byte[0]).recordReason()).hasValue(RecordDecodingException.Reason.EMPTY);
        assertThat(rejection(null).problem()).isEqualTo(Problem.UNDECODABLE_RECORD);

        byte[] good = codec.encode(3, packet(SIZE, 5));
        EnvelopeDecodingException truncated = rejection(Arrays.copyOf(good, good.length - 1));
        assertThat(truncated.problem()).isEqualTo(Problem.UNDECODABLE_RECORD);
        assertThat(truncated.recordReason()).hasValue(RecordDecodingException.Reason.TRUNCATED);
        EnvelopeDecodingException trailing = rejection(Arrays.copyOf(good, good.length + 1));
        assertThat(trailing.recordReason()).hasValue(RecordDecodingException.Reason.TRAILING_BYTES);
    }

    @Test
    void boundsTheEncodedSizeBeforeDecoding() {
        assertThat(codec.maxEncodedLength()).isEqualTo(SIZE + PacketEnvelopeCodec.MAX_OVERHEAD);
        // A valid envelope of a larger geometry is refused as WRONG_SIZE without decoding: no epoch.
        byte[] tooLarge = envelope(1, 5, packet(SIZE + PacketEnvelopeCodec.MAX_OVERHEAD, 6));
        EnvelopeDecodingException e = rejection(tooLarge);
        assertThat(e.problem()).isEqualTo(Problem.WRONG_SIZE);
        assertThat(e.epoch()).isEmpty();
        assertThat(e).hasMessageContaining("expected at most 2112 bytes");

        byte[] atBound = Arrays.copyOf(packet(1, 7), codec.maxEncodedLength());
        assertThat(rejection(atBound).problem()).isEqualTo(Problem.UNDECODABLE_RECORD);
    }

    @Test
    void rejectsAPacketOfAnotherSizeWithItsEpoch() {
        for (int length : new int[] {0, 1, SIZE - 1, SIZE + 1, SIZE + 40}) {
            EnvelopeDecodingException e = rejection(envelope(1, 11, packet(length, length)));
            assertThat(e.problem()).as("packet of %d bytes", length).isEqualTo(Problem.WRONG_SIZE);
            assertThat(e.epoch()).hasValue(11);
        }
    }

    @Test
    void messagesCarryNoInputBytes() {
        byte[] packet = new byte[SIZE];
        Arrays.fill(packet, (byte) 'Z');
        byte[] value = envelope(3, 1, packet);
        assertThat(rejection(value)).hasMessageNotContaining("ZZZZ");
        assertThat(rejection(Arrays.copyOf(value, 100))).hasMessageNotContaining("ZZZZ");
    }

    @Test
    void copyBytesLeavesTheFieldReadable() {
        ByteBuffer field = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}, 1, 3);

        assertThat(AvroCodec.copyBytes(field)).containsExactly(1, 2, 3);
        assertThat(field.remaining()).isEqualTo(3);
        assertThat(AvroCodec.copyBytes(field)).containsExactly(1, 2, 3);
    }
}
