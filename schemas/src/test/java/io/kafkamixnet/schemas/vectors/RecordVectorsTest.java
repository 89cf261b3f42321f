package io.kafkamixnet.schemas.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed {@code record-vectors.json} against the code and against the Avro specification,
 * from the file alone: each fingerprint is recomputed with an implementation of CRC-64-AVRO written here
 * from the specification's text (not Avro's), each canonical form is the current schema's, and each
 * record rebuilt from its listed field values is encoded by Avro's own {@link BinaryMessageEncoder} to
 * exactly the listed bytes, which the project's {@link AvroCodec} decodes back. Set
 * {@code -Dmixnet.regenerateRecordVectors=true} to rewrite the file first (after an intended schema change,
 * which also needs a history file: docs/schemas.md).
 */
class RecordVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final boolean REGENERATE = Boolean.getBoolean("mixnet.regenerateRecordVectors");

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() throws Exception {
        assertThat(committed())
                .as("record-vectors.json equals RecordVectors.generate(); regenerate with"
                        + " -Dmixnet.regenerateRecordVectors=true and review the diff")
                .isEqualTo(RecordVectors.generate());
    }

    @Test
    void everyFingerprintIsTheRabinFingerprintOfTheCurrentCanonicalForm() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(committed());
        assertThat(doc.get("schemas")).hasSize(4);
        for (JsonNode s : doc.get("schemas")) {
            String canonical = s.get("parsingCanonicalForm").asText();
            Schema current = currentSchema(s.get("record").asText());
            assertThat(canonical).isEqualTo(SchemaNormalization.toParsingForm(current));

            long fp = crc64Avro(canonical.getBytes(StandardCharsets.UTF_8));
            assertThat(s.get("fingerprint").asText()).isEqualTo(String.format("0x%016x", fp));
            assertThat(s.get("fingerprintLittleEndianBytes").asText())
                    .isEqualTo(HEX.formatHex(RecordVectors.littleEndian(fp)));
        }
    }

    @Test
    void everyVectorIsWhatAvroWritesForItsFieldsAndDecodesBack() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(committed());
        Map<String, JsonNode> schemas = new HashMap<>();
        doc.get("schemas").forEach(s -> schemas.put(s.get("record").asText(), s));
        assertThat(doc.get("vectors")).hasSize(6);
        for (JsonNode v : doc.get("vectors")) {
            String name = v.get("name").asText();
            JsonNode s = schemas.get(v.get("record").asText());
            Schema schema =
                    new Schema.Parser().parse(s.get("parsingCanonicalForm").asText());
            byte[] encoded = HEX.parseHex(v.get("encoded").asText());
            byte[] body = HEX.parseHex(v.get("body").asText());

            assertThat(Arrays.copyOfRange(encoded, 0, 2)).as(name).containsExactly(0xC3, 0x01);
            assertThat(HEX.formatHex(encoded, 2, 10))
                    .as(name)
                    .isEqualTo(s.get("fingerprintLittleEndianBytes").asText());
            assertThat(Arrays.copyOfRange(encoded, 10, encoded.length)).as(name).isEqualTo(body);

            GenericRecord fromFields = record(schema, v.get("fields"));
            ByteBuffer avro = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(fromFields);
            byte[] avroBytes = new byte[avro.remaining()];
            avro.get(avroBytes);
            assertThat(avroBytes)
                    .as(name + ": Avro's encoder on the listed fields")
                    .isEqualTo(encoded);

            Class<SpecificRecord> type = recordClass(v.get("record").asText());
            AvroCodec<SpecificRecord> codec = AvroCodec.of(type);
            SpecificRecord decoded = codec.decode(encoded);
            assertThat(codec.encode(decoded))
                    .as(name + ": decoded and encoded again")
                    .isEqualTo(encoded);
        }
    }

    /** The record of {@code schema} with the JSON field values (bytes and fixed as hex, union null or value). */
    private static GenericRecord record(Schema schema, JsonNode fields) {
        GenericData.Record r = new GenericData.Record(schema);
        assertThat(fields.size()).isEqualTo(schema.getFields().size());
        for (Schema.Field f : schema.getFields()) {
            JsonNode value = fields.get(f.name());
            assertThat(value).as("field " + f.name()).isNotNull();
            r.put(f.name(), value(f.schema(), value));
        }
        return r;
    }

    private static Object value(Schema type, JsonNode v) {
        return switch (type.getType()) {
            case UNION ->
                v.isNull()
                        ? null
                        : value(
                                type.getTypes().stream()
                                        .filter(t -> t.getType() != Schema.Type.NULL)
                                        .findFirst()
                                        .orElseThrow(),
                                v);
            case BYTES -> ByteBuffer.wrap(HEX.parseHex(v.asText()));
            case FIXED -> new GenericData.Fixed(type, HEX.parseHex(v.asText()));
            case STRING -> v.asText();
            case INT -> v.intValue();
            case LONG -> v.longValue();
            default -> throw new AssertionError("no vector uses Avro type " + type.getType());
        };
    }

    /**
     * CRC-64-AVRO as the Avro specification ("Schema Fingerprints") gives it: the Rabin fingerprint with
     * {@code EMPTY = 0xc15d213aa4d7a795}, a table built by eight shift-and-xor steps per byte value.
     */
    static long crc64Avro(byte[] data) {
        long empty = 0xc15d213aa4d7a795L;
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long fp = i;
            for (int j = 0; j < 8; j++) {
                fp = (fp >>> 1) ^ (empty & -(fp & 1L));
            }
            table[i] = fp;
        }
        long fp = empty;
        for (byte b : data) {
            fp = (fp >>> 8) ^ table[(int) (fp ^ b) & 0xff];
        }
        return fp;
    }

    private static Schema currentSchema(String fullName) {
        return SpecificData.get().getSchema(recordClass(fullName));
    }

    @SuppressWarnings("unchecked")
    private static Class<SpecificRecord> recordClass(String fullName) {
        try {
            return (Class<SpecificRecord>) Class.forName(fullName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class for " + fullName, e);
        }
    }

    private String committed() throws Exception {
        if (REGENERATE) { // rewrite the source file; the class-path copy is stale until the next build
            Files.writeString(RecordVectors.FILE, RecordVectors.generate(), StandardCharsets.UTF_8);
            return Files.readString(RecordVectors.FILE, StandardCharsets.UTF_8);
        }
        try (InputStream in = getClass().getResourceAsStream("/record-vectors.json")) {
            assertThat(in).as("record-vectors.json on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
