package io.kafkamixnet.topology.serde;

import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over the schemas module's {@link AvroCodec}: Avro single-object encoding,
 * no schema registry. A null value (tombstone) maps to null both ways. A value that does not decode
 * throws {@link SerializationException} whose message (the codec's) never contains input bytes;
 * mixers do not use the deserializer on untrusted input but decode inside the processor, so that a
 * bad record is counted and dead-lettered with its coordinates.
 *
 * @param <T> the Avro-generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroCodec<T> codec;

    private AvroSerde(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(AvroCodec.of(type));
    }

    public static AvroSerde<PacketEnvelope> packetEnvelope() {
        return of(PacketEnvelope.class);
    }

    public static AvroSerde<ExitMessage> exitMessage() {
        return of(ExitMessage.class);
    }

    public static AvroSerde<InboxMessage> inboxMessage() {
        return of(InboxMessage.class);
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return of(DeadLetter.class);
    }

    /** The codec this serde uses. */
    public AvroCodec<T> codec() {
        return codec;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : codec.encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return codec.decode(bytes);
            } catch (RecordDecodingException e) {
                throw new SerializationException("Cannot decode a record of topic " + topic + ": " + e.getMessage());
            }
        };
    }
}
