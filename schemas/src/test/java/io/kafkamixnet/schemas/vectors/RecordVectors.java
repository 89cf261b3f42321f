package io.kafkamixnet.schemas.vectors;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SurbIdBytes;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Generates {@code record-vectors.json}: for every record that travels alone on a mixnet topic except
 * the directory's descriptors (their signed vectors are {@code directory/src/test/resources/descriptor-vectors.json}),
 * the schema's parsing canonical form and fingerprint, and records with their field values, Avro binary
 * body and full single-object encoding. Values are fixed (bytes from seeded generators), so the output
 * is the same on every run and {@link RecordVectorsTest} can compare it with the committed file.
 */
final class RecordVectors {

    /** The committed file, relative to the module directory (where Maven runs tests). */
    static final Path FILE = Path.of("src/test/resources/record-vectors.json");

    private static final HexFormat HEX = HexFormat.of();

    private RecordVectors() {}

    /** One named record instance to publish. */
    record Sample(String name, String note, SpecificRecord record) {}

    static List<Sample> samples() {
        return List.of(
                new Sample(
                        "packet-envelope",
                        "a mixer ingress record: format version 1, key epoch, a 2048-byte packet (default geometry)",
                        PacketEnvelope.newBuilder()
                                .setFormatVersion(1)
                                .setEpoch(480_123L)
                                .setPacket(ByteBuffer.wrap(bytes(2048, 1)))
                                .build()),
                new Sample(
                        "exit-message",
                        "an exit-topic record as mixers write it: replyBlock null (the SDK carries SURBs in its frames)",
                        ExitMessage.newBuilder()
                                .setEpoch(480_123L)
                                .setPayload(ByteBuffer.wrap(bytes(40, 2)))
                                .setReplyBlock(null)
                                .build()),
                new Sample(
                        "exit-message-with-reply-block",
                        "the other union branch of replyBlock",
                        ExitMessage.newBuilder()
                                .setEpoch(7L)
                                .setPayload(ByteBuffer.wrap(bytes(24, 3)))
                                .setReplyBlock(ByteBuffer.wrap(bytes(20, 4)))
                                .build()),
                new Sample(
                        "inbox-message",
                        "a reply-inbox record: 16-byte SURB id, the still-encrypted reply block",
                        InboxMessage.newBuilder()
                                .setSurbId(new SurbIdBytes(bytes(16, 5)))
                                .setPayload(ByteBuffer.wrap(bytes(48, 6)))
                                .build()),
                new Sample(
                        "dead-letter",
                        "a dead-letter record with the epoch the rejected envelope claimed",
                        DeadLetter.newBuilder()
                                .setReason("BAD_MAC")
                                .setMixerId("mix-1")
                                .setEpoch(480_123L)
                                .setRejectedAtMillis(1_728_443_160_123L)
                                .setSourceTopic("mixnet.mix-1.ingress")
                                .setSourcePartition(3)
                                .setSourceOffset(987_654_321L)
                                .build()),
                new Sample(
                        "dead-letter-undecodable",
                        "a dead-letter record for a record that could not be decoded: epoch null",
                        DeadLetter.newBuilder()
                                .setReason("UNDECODABLE_RECORD")
                                .setMixerId("resp-1")
                                .setEpoch(null)
                                .setRejectedAtMillis(1_728_443_160_456L)
                                .setSourceTopic("mixnet.resp-1.ingress")
                                .setSourcePartition(0)
                                .setSourceOffset(0L)
                                .build()));
    }

    static String generate() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(
                "description",
                "Avro single-object encoding of the records on mixnet topics (docs/schemas.md). Generated by"
                        + " RecordVectors.java, checked by RecordVectorsTest. Descriptors: see"
                        + " directory/src/test/resources/descriptor-vectors.json.");
        doc.put(
                "encoding",
                "encoded = C3 01 || fingerprint as 8 bytes little-endian || body (Avro binary encoding);"
                        + " fingerprint = CRC-64-AVRO (Rabin) of the parsing canonical form; bytes and fixed"
                        + " field values are hex; a null union branch is JSON null");
        Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
        List<Object> vectors = new ArrayList<>();
        for (Sample s : samples()) {
            Schema schema = s.record().getSchema();
            schemas.computeIfAbsent(schema.getFullName(), n -> schemaEntry(schema));
            byte[] body = body(s.record());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", s.name());
            v.put("note", s.note());
            v.put("record", schema.getFullName());
            v.put("fields", fields(s.record()));
            v.put("body", HEX.formatHex(body));
            v.put("encoded", HEX.formatHex(AvroCodec.of(recordClass(s.record())).encode(cast(s.record()))));
            vectors.add(v);
        }
        doc.put("schemas", new ArrayList<>(schemas.values()));
        doc.put("vectors", vectors);
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
            printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writer(printer)
                            .writeValueAsString(doc)
                            .replace("\r\n", "\n")
                    + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> schemaEntry(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", schema.getFullName());
        m.put("parsingCanonicalForm", SchemaNormalization.toParsingForm(schema));
        m.put("fingerprint", AvroCodec.hex(fp));
        m.put("fingerprintLittleEndianBytes", HEX.formatHex(littleEndian(fp)));
        return m;
    }

    /** Field name to JSON value in schema order: bytes and fixed as hex, null as null. */
    private static Map<String, Object> fields(SpecificRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            Object v = record.get(f.pos());
            if (v instanceof ByteBuffer b) {
                byte[] a = new byte[b.remaining()];
                b.duplicate().get(a);
                v = HEX.formatHex(a);
            } else if (v instanceof GenericFixed fixed) {
                v = HEX.formatHex(fixed.bytes());
            } else if (v instanceof CharSequence cs) {
                v = cs.toString();
            }
            m.put(f.name(), v);
        }
        return m;
    }

    private static byte[] body(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] littleEndian(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Class<SpecificRecord> recordClass(SpecificRecord r) {
        return (Class<SpecificRecord>) r.getClass();
    }

    private static <T> T cast(Object o) {
        @SuppressWarnings("unchecked")
        T t = (T) o;
        return t;
    }
}
