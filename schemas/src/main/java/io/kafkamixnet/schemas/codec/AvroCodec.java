package io.kafkamixnet.schemas.codec;

import io.kafkamixnet.schemas.codec.RecordDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding: the two marker bytes
 * {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's parsing
 * canonical form, then the Avro binary body. A reader thus knows which schema wrote a record
 * without a schema registry.
 *
 * <p>Encoding always uses the current (reader) schema. Decoding accepts the current schema and
 * every registered older or newer writer schema, resolved to the current one by Avro schema
 * resolution. {@link #of(Class)} registers the record's committed {@link SchemaHistory}; use
 * {@link #withWriterSchema(Schema)} to accept more.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #decode(byte[])} never returns a partial record and never allocates more than the
 *       input can hold: any bad input ends in a {@link RecordDecodingException} with a
 *       {@link Reason}, whose message carries no input bytes.
 *   <li>A record written by an unknown schema is rejected ({@link Reason#UNKNOWN_FINGERPRINT}),
 *       never guessed at.
 *   <li>Trailing bytes after the body are rejected, so one record has exactly one encoding per
 *       writer schema (what a signature over encoded bytes needs).
 *   <li>Instances are immutable and thread-safe.
 * </ul>
 *
 * @param <T> the record class (an Avro-generated class, or {@link GenericRecord})
 */
public final class AvroCodec<T extends IndexedRecord> {

    /** First byte of the single-object marker. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second byte of the single-object marker. */
    public static final byte MARKER_1 = (byte) 0x01;
    /** Marker plus fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private final Schema schema;
    private final GenericData model;
    private final long fingerprint;
    private final DatumWriter<T> writer;
    /** Writer fingerprint to the reader that resolves that writer schema to {@link #schema}. */
    private final Map<Long, DatumReader<T>> readers;

    private AvroCodec(Schema schema, GenericData model, Map<Long, DatumReader<T>> readers) {
        this.schema = schema;
        this.model = model;
        this.fingerprint = fingerprint(schema);
        @SuppressWarnings("unchecked")
        DatumWriter<T> datumWriter = (DatumWriter<T>) model.createDatumWriter(schema);
        this.writer = datumWriter;
        this.readers = readers;
    }

    /**
     * A codec for an Avro-generated record class, accepting the current schema and every schema in
     * the record's committed {@link SchemaHistory}.
     *
     * @throws IllegalArgumentException if {@code type} is not an Avro-generated record class
     * @throws IllegalStateException if a committed history schema cannot be read as the current one
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "expected an Avro record class, found " + type.getName() + " with schema type " + schema.getType());
        }
        AvroCodec<T> codec = new AvroCodec<>(schema, model, Map.of());
        try {
            return codec.withWriterSchemas(SchemaHistory.of(schema));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "committed schema history of " + schema.getFullName() + " is not readable as the current schema",
                    e);
        }
    }

    /** A codec producing {@link GenericRecord}s of {@code schema} (tools, tests); no history registered. */
    public static AvroCodec<GenericRecord> generic(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("expected a record schema, found " + schema.getType());
        }
        return new AvroCodec<GenericRecord>(schema, GenericData.get(), Map.of()).withWriterSchemas(List.of());
    }

    /**
     * A codec that also decodes records written with {@code writerSchema} (an older or newer version
     * of this record), resolving them to the current schema.
     *
     * @throws IllegalArgumentException if records written with {@code writerSchema} cannot be read
     *     as the current schema (the Avro resolution rules do not hold)
     */
    public AvroCodec<T> withWriterSchema(Schema writerSchema) {
        return withWriterSchemas(List.of(Objects.requireNonNull(writerSchema, "writerSchema")));
    }

    /** {@link #withWriterSchema(Schema)} for several schemas at once. */
    public AvroCodec<T> withWriterSchemas(Collection<Schema> writerSchemas) {
        Map<Long, DatumReader<T>> next = new LinkedHashMap<>(readers);
        next.putIfAbsent(fingerprint, reader(schema));
        for (Schema writerSchema : writerSchemas) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                throw new IllegalArgumentException("writer schema " + hex(fingerprint(writerSchema))
                        + " cannot be read as " + schema.getFullName() + " " + hex(fingerprint) + ": "
                        + result.getDescription());
            }
            next.putIfAbsent(fingerprint(writerSchema), reader(writerSchema));
        }
        return new AvroCodec<>(schema, model, Map.copyOf(next));
    }

    /** The current schema: the one {@link #encode} writes and {@link #decode} returns. */
    public Schema schema() {
        return schema;
    }

    /** CRC-64-AVRO fingerprint of the current schema, as written in every header. */
    public long fingerprint() {
        return fingerprint;
    }

    /** Fingerprints of every writer schema this codec decodes, the current one included. */
    public List<Long> acceptedFingerprints() {
        return List.copyOf(readers.keySet());
    }

    /**
     * Encodes {@code record} with the current schema in single-object encoding.
     *
     * @throws IllegalArgumentException if the record does not fit the schema (e.g. a required field
     *     is null); the message names the field, never its value
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MARKER_0);
        out.write(MARKER_1);
        long fp = fingerprint;
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)));
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory encoding failed", e);
        } catch (NullPointerException e) {
            // Avro's message names the field ("null value for (non-nullable) ... at Record.field").
            throw new IllegalArgumentException("cannot encode " + schema.getFullName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Other Avro messages may quote the value: report the kind of error only.
            throw new IllegalArgumentException("cannot encode " + schema.getFullName() + ": "
                    + e.getClass().getSimpleName() + " (record does not match the schema)");
        }
        return out.toByteArray();
    }

    /**
     * Decodes one single-object-encoded record written by the current or a registered writer schema.
     *
     * @throws RecordDecodingException for empty, truncated, garbage or unknown-schema input
     */
    public T decode(byte[] encoded) {
        String name = schema.getFullName();
        if (encoded == null || encoded.length == 0) {
            throw new RecordDecodingException(Reason.EMPTY, name, "no input bytes");
        }
        if (encoded.length < 2) {
            throw new RecordDecodingException(
                    Reason.TRUNCATED,
                    name,
                    "expected at least " + HEADER_LENGTH + " header bytes, found " + encoded.length);
        }
        if (encoded[0] != MARKER_0 || encoded[1] != MARKER_1) {
            throw new RecordDecodingException(
                    Reason.BAD_MARKER,
                    name,
                    String.format(
                            Locale.ROOT,
                            "expected single-object marker C3 01, found %02X %02X",
                            encoded[0],
                            encoded[1]));
        }
        if (encoded.length < HEADER_LENGTH) {
            throw new RecordDecodingException(
                    Reason.TRUNCATED,
                    name,
                    "expected at least " + HEADER_LENGTH + " header bytes, found " + encoded.length);
        }
        long found = 0;
        for (int i = 7; i >= 0; i--) {
            found = found << 8 | (encoded[2 + i] & 0xff);
        }
        DatumReader<T> reader = readers.get(found);
        if (reader == null) {
            throw new RecordDecodingException(
                    Reason.UNKNOWN_FINGERPRINT,
                    name,
                    "expected writer schema fingerprint " + describeAccepted() + ", found " + hex(found)
                            + "; register the writer schema (AvroCodec.withWriterSchema) or upgrade this reader");
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(encoded, HEADER_LENGTH, encoded.length - HEADER_LENGTH);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (BoundedBinaryDecoder.TruncatedException e) {
            throw new RecordDecodingException(
                    Reason.TRUNCATED, name, "body written by " + hex(found) + " is incomplete: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(
                    Reason.MALFORMED,
                    name,
                    "body is not valid for writer schema " + hex(found) + ": "
                            + e.getClass().getSimpleName()
                            + (e instanceof BoundedBinaryDecoder.MalformedException ? " " + e.getMessage() : ""));
        }
        if (decoder.remaining() != 0) {
            throw new RecordDecodingException(
                    Reason.TRAILING_BYTES,
                    name,
                    "expected the input to end after the body, found " + decoder.remaining() + " more bytes");
        }
        return record;
    }

    /**
     * A copy of the remaining bytes of an Avro {@code bytes} field (e.g. {@code ExitMessage.getPayload()}),
     * leaving the buffer's position untouched: records hand out their own buffer, and reading it
     * directly would empty the field for the next reader.
     */
    public static byte[] copyBytes(ByteBuffer field) {
        ByteBuffer view = Objects.requireNonNull(field, "field").duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    /** CRC-64-AVRO fingerprint of {@code schema}'s parsing canonical form (the single-object fingerprint). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as written in messages: {@code 0x} and 16 hex digits of the unsigned value. */
    public static String hex(long fingerprint) {
        return String.format(Locale.ROOT, "0x%016x", fingerprint);
    }

    @Override
    public String toString() {
        return "AvroCodec[" + schema.getFullName() + " " + hex(fingerprint) + ", accepts " + readers.size()
                + " writer schema(s)]";
    }

    private String describeAccepted() {
        List<String> others = new ArrayList<>();
        for (long fp : readers.keySet()) {
            if (fp != fingerprint) {
                others.add(hex(fp));
            }
        }
        return hex(fingerprint) + " (current)" + (others.isEmpty() ? "" : " or one of " + others);
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> reader(Schema writerSchema) {
        return (DatumReader<T>) model.createDatumReader(writerSchema, schema);
    }
}
