package io.kafkamixnet.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SampleRecords;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.RecordDecodingException.Reason;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    private final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);

    static Stream<SpecificRecord> samples() {
        return SampleRecords.all().stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroCodec<SpecificRecord> codecFor(SpecificRecord record) {
        return (AvroCodec) AvroCodec.of(record.getClass());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsEveryRecord(SpecificRecord record) {
        AvroCodec<SpecificRecord> codec = codecFor(record);

        byte[] encoded = codec.encode(record);
        SpecificRecord decoded = codec.decode(encoded);

        assertThat(decoded).isEqualTo(record).isNotSameAs(record);
        assertThat(codec.encode(decoded)).isEqualTo(encoded);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesExactlyAvrosSingleObjectEncoding(SpecificRecord record) throws Exception {
        AvroCodec<SpecificRecord> codec = codecFor(record);
        BinaryMessageEncoder<SpecificRecord> avro = new BinaryMessageEncoder<>(
                org.apache.avro.specific.SpecificData.getForSchema(record.getSchema()), record.getSchema());

        byte[] ours = codec.encode(record);
        ByteBuffer theirs = avro.encode(record);

        assertThat(ours).isEqualTo(toArray(theirs));
        assertThat(ours[0]).isEqualTo((byte) 0xC3);
        assertThat(ours[1]).isEqualTo((byte) 0x01);
        assertThat(Arrays.copyOfRange(ours, 2, 10)).isEqualTo(littleEndian(AvroCodec.fingerprint(record.getSchema())));
    }

    @Test
    void decodedBytesFieldsAreFreshExactArrays() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());

        ByteBuffer packet = envelopes.decode(encoded).getPacket();

        assertThat(packet.position()).isZero();
        assertThat(packet.array()).hasSize(2048).isEqualTo(SampleRecords.bytes(2048, 1));
    }

    @Test
    void rejectsNullAndEmptyInput() {
        assertReason(() -> envelopes.decode(null), Reason.EMPTY);
        assertReason(() -> envelopes.decode(new byte[0]), Reason.EMPTY);
    }

    @Test
    void rejectsBadMarker() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());
        encoded[1] = 0x02;

        RecordDecodingException e = assertReason(() -> envelopes.decode(encoded), Reason.BAD_MARKER);
        assertThat(e).hasMessageContaining("expected single-object marker C3 01, found C3 02");
    }

    @Test
    void rejectsPlainAvroBinaryWithoutHeader() {
        byte[] rawBody = Arrays.copyOfRange(envelopes.encode(SampleRecords.packetEnvelope()), 10, 30);

        assertReason(() -> envelopes.decode(rawBody), Reason.BAD_MARKER);
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());

        for (int length = 1; length < AvroCodec.HEADER_LENGTH; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            RecordDecodingException e = assertReason(() -> envelopes.decode(cut), Reason.TRUNCATED);
            assertThat(e).hasMessageContaining("expected at least 10 header bytes, found " + length);
        }
    }

    @Test
    void rejectsTruncatedBodyAtEveryLength() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());

        for (int length = AvroCodec.HEADER_LENGTH; length < encoded.length; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            assertReason(() -> envelopes.decode(cut), Reason.TRUNCATED);
        }
    }

    @Test
    void rejectsUnknownFingerprintNamingExpectedAndFound() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());
        // A record of another type: its fingerprint is not one this codec accepts.
        byte[] inbox = AvroCodec.of(InboxMessage.class).encode(SampleRecords.inboxMessage());

        RecordDecodingException e = assertReason(() -> envelopes.decode(inbox), Reason.UNKNOWN_FINGERPRINT);

        assertThat(e.recordName()).isEqualTo("io.kafkamixnet.schemas.PacketEnvelope");
        assertThat(e)
                .hasMessageContaining(
                        "expected writer schema fingerprint " + AvroCodec.hex(envelopes.fingerprint()) + " (current)")
                .hasMessageContaining("found " + AvroCodec.hex(AvroCodec.fingerprint(InboxMessage.getClassSchema())));
        encoded[9] ^= 0x40;
        assertReason(() -> envelopes.decode(encoded), Reason.UNKNOWN_FINGERPRINT);
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] encoded = envelopes.encode(SampleRecords.packetEnvelope());
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 3);

        RecordDecodingException e = assertReason(() -> envelopes.decode(longer), Reason.TRAILING_BYTES);
        assertThat(e).hasMessageContaining("found 3 more bytes");
    }

    @Test
    void hugeDeclaredLengthsFailWithoutAllocating() {
        // Header of PacketEnvelope, formatVersion 1, epoch 1, then a bytes length of ~2^31 in 7 bytes:
        // Avro's own BinaryDecoder would try to allocate 2 GiB here.
        byte[] header = Arrays.copyOf(envelopes.encode(SampleRecords.packetEnvelope()), 10);
        byte[] body = {2, 2, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        RecordDecodingException bytesError =
                assertReason(() -> envelopes.decode(concat(header, body)), Reason.TRUNCATED);
        assertThat(bytesError).hasMessageContaining("bytes of 2147483647 bytes, but only 0 bytes remain");

        // MixerDescriptor with an epochKeys array claiming 2^31 items.
        AvroCodec<MixerDescriptor> descriptors = AvroCodec.of(MixerDescriptor.class);
        byte[] descriptorHeader = Arrays.copyOf(descriptors.encode(SampleRecords.mixerDescriptor()), 10);
        byte[] descriptorBody = {2, 'a', 0, 2, 't', 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        RecordDecodingException arrayError =
                assertReason(() -> descriptors.decode(concat(descriptorHeader, descriptorBody)), Reason.TRUNCATED);
        assertThat(arrayError).hasMessageContaining("array block of 2147483647 items");
    }

    @Test
    void rejectsOutOfRangeUnionBranchAndEnumSymbol() {
        AvroCodec<ExitMessage> exits = AvroCodec.of(ExitMessage.class);
        byte[] exit = exits.encode(SampleRecords.exitMessageWithoutReply());
        exit[exit.length - 1] = 6; // union branch 3 of a two-branch union
        assertReason(() -> exits.decode(exit), Reason.MALFORMED);

        AvroCodec<MixerDescriptor> descriptors = AvroCodec.of(MixerDescriptor.class);
        byte[] descriptor = descriptors.encode(SampleRecords.mixerDescriptor());
        int roleOffset = 10 + 1 + "mix-a".length();
        assertThat(descriptor[roleOffset]).isEqualTo((byte) 0); // FORWARD
        descriptor[roleOffset] = 14; // symbol 7 of two
        assertReason(() -> descriptors.decode(descriptor), Reason.MALFORMED);
    }

    @Test
    void rejectsOverlongVarint() {
        byte[] header = Arrays.copyOf(envelopes.encode(SampleRecords.packetEnvelope()), 10);
        byte[] body = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};

        RecordDecodingException e = assertReason(() -> envelopes.decode(concat(header, body)), Reason.MALFORMED);
        assertThat(e).hasMessageContaining("int varint longer than 5 bytes");
    }

    @Test
    void garbageAndMutationsNeverEscapeAsAnythingButRecordDecodingException() {
        Random random = new Random(20240901L);
        AvroCodec<MixerDescriptor> descriptors = AvroCodec.of(MixerDescriptor.class);
        byte[] valid = descriptors.encode(SampleRecords.mixerDescriptor());

        for (int i = 0; i < 3_000; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = valid.clone();
                // keep the header so the body parser is exercised, then damage the body
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = 10 + random.nextInt(input.length - 10);
                    input[at] = (byte) random.nextInt(256);
                }
                if (i % 3 == 2) {
                    input = Arrays.copyOf(input, 10 + random.nextInt(input.length - 10 + 8));
                }
            }
            byte[] attempt = input;
            try {
                MixerDescriptor decoded = descriptors.decode(attempt);
                assertThat(decoded.getEpochKeys()).isNotNull(); // a mutation can still be a valid record
            } catch (RecordDecodingException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Test
    void errorMessagesNeverQuoteInputBytes() {
        byte[] secret = "attack at dawn, Alice".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AvroCodec<ExitMessage> exits = AvroCodec.of(ExitMessage.class);
        byte[] encoded = exits.encode(ExitMessage.newBuilder()
                .setEpoch(1)
                .setPayload(ByteBuffer.wrap(secret))
                .setReplyBlock(null)
                .build());
        byte[] corrupted = Arrays.copyOf(encoded, encoded.length - 1);
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);

        for (byte[] bad : List.of(corrupted, trailing)) {
            RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, () -> exits.decode(bad));
            assertThat(e.getMessage())
                    .doesNotContain("attack")
                    .doesNotContain("Alice")
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
            assertThat(e.getCause()).isNull();
        }
    }

    @Test
    void encodeNamesTheMissingFieldButNotTheValues() {
        PacketEnvelope missingPacket = new PacketEnvelope();
        missingPacket.setFormatVersion(1);
        missingPacket.setEpoch(5L);

        assertThatThrownBy(() -> envelopes.encode(missingPacket))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PacketEnvelope")
                .hasMessageContaining("packet");
    }

    @Test
    void genericCodecRoundTripsEveryAvroType() throws Exception {
        Schema schema = fixture("AllTypes.avsc");
        AvroCodec<GenericRecord> codec = AvroCodec.generic(schema);
        GenericRecord record = new GenericData.Record(schema);
        record.put("b", true);
        record.put("i", -123_456);
        record.put("l", Long.MIN_VALUE);
        record.put("f", 3.5f);
        record.put("d", -0.125d);
        record.put("s", "grüße");
        record.put("by", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {9, 8, 7, 6}));
        record.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "GREEN"));
        record.put("a", List.of(1L, -2L, Long.MAX_VALUE));
        record.put("m", Map.of("k1", "v1", "k2", ""));
        record.put("u", "branch 2");

        byte[] encoded = codec.encode(record);
        byte[] avros = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record));
        GenericRecord decoded = codec.decode(encoded);

        assertThat(encoded).isEqualTo(avros);
        for (Schema.Field field : schema.getFields()) {
            if (field.name().equals("m")) {
                Map<String, String> map = new java.util.HashMap<>();
                ((Map<?, ?>) decoded.get("m")).forEach((k, v) -> map.put(k.toString(), v.toString()));
                assertThat(map).isEqualTo(Map.of("k1", "v1", "k2", ""));
            } else {
                assertThat(GenericData.get().compare(decoded.get(field.pos()), record.get(field.pos()), field.schema()))
                        .as(field.name())
                        .isZero();
            }
        }
    }

    @Test
    void readerThatDropsFieldsSkipsEveryAvroTypeExactly() throws Exception {
        Schema writer = fixture("AllTypes.avsc");
        GenericRecord record = new GenericData.Record(writer);
        record.put("b", false);
        record.put("i", 7);
        record.put("l", -7L);
        record.put("f", 1f);
        record.put("d", 2d);
        record.put("s", "skip me");
        record.put("by", ByteBuffer.wrap(new byte[300]));
        record.put("fx", new GenericData.Fixed(writer.getField("fx").schema(), new byte[4]));
        record.put("e", new GenericData.EnumSymbol(writer.getField("e").schema(), "RED"));
        record.put("a", List.of(1L, 2L, 3L));
        record.put("m", Map.of("k", "v"));
        record.put("u", 0.5d);
        byte[] encoded = AvroCodec.generic(writer).encode(record);
        // An older reader that knows only the last field must skip all the others, byte for byte.
        Schema onlyLast = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"AllTypes\","
                        + "\"namespace\":\"io.kafkamixnet.schemas.test\",\"fields\":[{\"name\":\"u\","
                        + "\"type\":[\"null\",\"double\",\"string\"]}]}");

        GenericRecord read =
                AvroCodec.generic(onlyLast).withWriterSchema(writer).decode(encoded);

        assertThat(read.get("u")).isEqualTo(0.5d);
    }

    @Test
    void rejectsNonRecordClasses() {
        assertThatThrownBy(() -> AvroCodec.generic(Schema.create(Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a record schema, found STRING");
    }

    @Test
    void acceptsTheCommittedHistoryOfEveryRecord() {
        for (Class<? extends SpecificRecord> type : List.of(
                PacketEnvelope.class,
                ExitMessage.class,
                InboxMessage.class,
                MixerDescriptor.class,
                SignedDescriptor.class,
                DeadLetter.class)) {
            AvroCodec<?> codec = AvroCodec.of(type);
            assertThat(codec.acceptedFingerprints()).contains(codec.fingerprint());
            for (Schema old : SchemaHistory.of(codec.schema())) {
                assertThat(codec.acceptedFingerprints()).contains(AvroCodec.fingerprint(old));
            }
        }
    }

    static Schema fixture(String name) throws Exception {
        try (InputStream in = AvroCodecTest.class.getResourceAsStream("/evolution/" + name)) {
            assertThat(in).as("test resource evolution/" + name).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static RecordDecodingException assertReason(Runnable decode, Reason reason) {
        RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, decode::run);
        assertThat(e).as("expected a RecordDecodingException").isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        return e;
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] littleEndian(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
