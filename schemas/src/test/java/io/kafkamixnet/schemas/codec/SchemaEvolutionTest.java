package io.kafkamixnet.schemas.codec;

import static io.kafkamixnet.schemas.codec.AvroCodecTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SampleRecords;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.RecordDecodingException.Reason;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The evolution rules of docs/schemas.md, checked: a concrete v1 -> v2 of PacketEnvelope in both
 * directions, forbidden changes caught, and every current schema recorded in and fully compatible
 * with its committed history.
 */
class SchemaEvolutionTest {

    private static final Schema V1 = PacketEnvelope.getClassSchema();

    @Test
    void v2AddingAFieldWithDefaultIsFullyCompatibleWithV1() throws Exception {
        Schema v2 = fixture("PacketEnvelope.v2.avsc");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, V1).getType())
                .as("new reader, old writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V1, v2).getType())
                .as("old reader, new writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(AvroCodec.fingerprint(v2)).isNotEqualTo(AvroCodec.fingerprint(V1));
    }

    @Test
    void newReaderDecodesRecordsOfTheOldWriter() throws Exception {
        Schema v2 = fixture("PacketEnvelope.v2.avsc");
        byte[] writtenByV1 = AvroCodec.of(PacketEnvelope.class).encode(SampleRecords.packetEnvelope());
        AvroCodec<GenericRecord> v2Reader = AvroCodec.generic(v2).withWriterSchema(V1);

        GenericRecord read = v2Reader.decode(writtenByV1);

        assertThat(read.get("formatVersion")).isEqualTo(1);
        assertThat(read.get("epoch")).isEqualTo(1_723_456L);
        assertThat(AvroCodecTest.toArray((ByteBuffer) read.get("packet"))).isEqualTo(SampleRecords.bytes(2048, 1));
        assertThat(read.get("extensions")).as("new field takes its default").isNull();
    }

    @Test
    void oldReaderDecodesRecordsOfTheNewWriterOnceItsSchemaIsRegistered() throws Exception {
        Schema v2 = fixture("PacketEnvelope.v2.avsc");
        GenericRecord v2Record = new GenericData.Record(v2);
        v2Record.put("formatVersion", 1);
        v2Record.put("epoch", 99L);
        v2Record.put("packet", ByteBuffer.wrap(SampleRecords.bytes(2048, 21)));
        v2Record.put("extensions", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] writtenByV2 = AvroCodec.generic(v2).encode(v2Record);

        AvroCodec<PacketEnvelope> v1Reader = AvroCodec.of(PacketEnvelope.class);
        RecordDecodingException unknown =
                catchThrowableOfType(RecordDecodingException.class, () -> v1Reader.decode(writtenByV2));
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
        assertThat(unknown).hasMessageContaining("found " + AvroCodec.hex(AvroCodec.fingerprint(v2)));

        PacketEnvelope read = v1Reader.withWriterSchema(v2).decode(writtenByV2);

        assertThat(read.getFormatVersion()).isEqualTo(1);
        assertThat(read.getEpoch()).isEqualTo(99L);
        assertThat(AvroCodecTest.toArray(read.getPacket())).isEqualTo(SampleRecords.bytes(2048, 21));
    }

    @Test
    void aNewFieldWithoutDefaultIsCaughtBothByTheCheckAndByTheCodec() throws Exception {
        Schema bad = fixture("PacketEnvelope.v2-no-default.avsc");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(bad, V1).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThatThrownBy(() -> AvroCodec.generic(bad).withWriterSchema(V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as io.kafkamixnet.schemas.PacketEnvelope")
                .hasMessageContaining("hopCount");
    }

    @Test
    void aFixedTypeNeverChangesSize() throws Exception {
        Schema wider = fixture("InboxMessage.v2-wider-fixed.avsc");

        assertThatThrownBy(() -> AvroCodec.of(InboxMessage.class).withWriterSchema(wider))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as io.kafkamixnet.schemas.InboxMessage");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(wider, InboxMessage.getClassSchema())
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void aNewUnionBranchIsNotFullyCompatible() throws Exception {
        Schema wider = fixture("ExitMessage.v2-union-branch.avsc");
        Schema current = ExitMessage.getClassSchema();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(wider, current)
                        .getType())
                .as("new reader, old writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, wider)
                        .getType())
                .as("old reader, new writer")
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThatThrownBy(() -> AvroCodec.of(ExitMessage.class).withWriterSchema(wider))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read as io.kafkamixnet.schemas.ExitMessage");
    }

    /** Version 3 of MixerDescriptor (health) against the released version 2, both ways. */
    @Test
    void mixerDescriptorV3ReadsV2RecordsWithHealthUnknownAndV2ReadsV3() {
        Schema v2 = SchemaHistory.of(MixerDescriptor.getClassSchema()).get(1);
        assertThat(v2.getField("nextHops")).as("v2 has links").isNotNull();
        assertThat(v2.getField("health"))
                .as("v2 is the released schema without health")
                .isNull();
        MixerDescriptor sample = SampleRecords.mixerDescriptor();
        GenericRecord old = new GenericData.Record(v2);
        for (Schema.Field f : v2.getFields()) {
            old.put(
                    f.name(),
                    f.name().equals("role")
                            ? new GenericData.EnumSymbol(
                                    f.schema(), sample.getRole().name())
                            : f.name().equals("epochKeys") ? List.of() : sample.get(f.name()));
        }
        byte[] writtenByV2 = AvroCodec.generic(v2).encode(old);
        MixerDescriptor read = AvroCodec.of(MixerDescriptor.class).decode(writtenByV2);
        assertThat(read.getHealth()).as("absent in v2: null, unknown").isNull();
        assertThat(read.getNextHops()).containsExactly("mix-b", "mix-c");

        MixerDescriptor alarmed = MixerDescriptor.newBuilder(sample)
                .setHealth(MixerHealth.HEARTBEAT_ALARM)
                .build();
        byte[] writtenByV3 = AvroCodec.of(MixerDescriptor.class).encode(alarmed);
        AvroCodec<GenericRecord> v2Reader = AvroCodec.generic(v2);
        RecordDecodingException unknown =
                catchThrowableOfType(RecordDecodingException.class, () -> v2Reader.decode(writtenByV3));
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
        GenericRecord readByV2 =
                v2Reader.withWriterSchema(MixerDescriptor.getClassSchema()).decode(writtenByV3);
        assertThat(readByV2.get("exitServices").toString()).contains("echo");
        assertThat(readByV2.hasField("health")).isFalse();
        assertThat(AvroCodec.of(MixerDescriptor.class).decode(writtenByV3).getHealth())
                .isEqualTo(MixerHealth.HEARTBEAT_ALARM);
    }

    /** Version 2 of MixerDescriptor (nextHops, exitServices) against the released version 1, both ways. */
    @Test
    void mixerDescriptorV2ReadsV1RecordsWithLinksNotAnnounced() {
        Schema v1 = SchemaHistory.of(MixerDescriptor.getClassSchema()).get(0);
        assertThat(v1.getField("nextHops"))
                .as("v1 is the released schema without links")
                .isNull();
        GenericRecord old = new GenericData.Record(v1);
        MixerDescriptor sample = SampleRecords.mixerDescriptor();
        for (Schema.Field f : v1.getFields()) {
            old.put(
                    f.name(),
                    f.name().equals("role")
                            ? new GenericData.EnumSymbol(
                                    f.schema(), sample.getRole().name())
                            : f.name().equals("epochKeys") ? List.of() : sample.get(f.name()));
        }
        byte[] writtenByV1 = AvroCodec.generic(v1).encode(old);

        MixerDescriptor read = AvroCodec.of(MixerDescriptor.class).decode(writtenByV1);

        assertThat(read.getMixerId().toString()).isEqualTo("mix-a");
        assertThat(read.getSequence()).isEqualTo(3L);
        assertThat(read.getNextHops()).as("absent in v1: null, not announced").isNull();
        assertThat(read.getExitServices()).isNull();
        assertThat(AvroCodec.fingerprint(v1)).isNotEqualTo(AvroCodec.fingerprint(MixerDescriptor.getClassSchema()));
    }

    @Test
    void mixerDescriptorV1ReaderReadsV2RecordsOnceRegisteredAndSkipsTheLinks() {
        Schema v1 = SchemaHistory.of(MixerDescriptor.getClassSchema()).get(0);
        byte[] writtenByV2 = AvroCodec.of(MixerDescriptor.class).encode(SampleRecords.mixerDescriptor());
        AvroCodec<GenericRecord> v1Reader = AvroCodec.generic(v1);

        RecordDecodingException unknown =
                catchThrowableOfType(RecordDecodingException.class, () -> v1Reader.decode(writtenByV2));
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);

        GenericRecord read =
                v1Reader.withWriterSchema(MixerDescriptor.getClassSchema()).decode(writtenByV2);
        assertThat(read.get("mixerId").toString()).isEqualTo("mix-a");
        assertThat(read.get("sequence")).isEqualTo(3L);
        assertThat(read.hasField("nextHops")).isFalse();
    }

    @Test
    void mixerDescriptorV2KeepsBothUnionBranches() {
        AvroCodec<MixerDescriptor> codec = AvroCodec.of(MixerDescriptor.class);
        MixerDescriptor with = SampleRecords.mixerDescriptor();
        MixerDescriptor without = SampleRecords.mixerDescriptorWithoutLinks();

        MixerDescriptor readWith = codec.decode(codec.encode(with));
        MixerDescriptor readWithout = codec.decode(codec.encode(without));

        assertThat(readWith.getNextHops()).map(Object::toString).containsExactly("mix-b", "mix-c");
        assertThat(readWith.getExitServices()).map(Object::toString).containsExactly("echo");
        assertThat(readWithout.getNextHops()).isNull();
        assertThat(readWithout.getExitServices()).isNull();
        // An empty list (announces no links) and null (not announced) encode differently.
        MixerDescriptor empty = MixerDescriptor.newBuilder(with)
                .setNextHops(List.of())
                .setExitServices(List.of())
                .build();
        assertThat(codec.decode(codec.encode(empty)).getNextHops()).isNotNull().isEmpty();
        assertThat(codec.encode(empty)).isNotEqualTo(codec.encode(without));
    }

    @ParameterizedTest
    @ValueSource(
            classes = {
                PacketEnvelope.class,
                ExitMessage.class,
                InboxMessage.class,
                MixerDescriptor.class,
                SignedDescriptor.class,
                DeadLetter.class
            })
    void everyCurrentSchemaIsItsNewestCommittedVersionAndFullyCompatibleWithAllOlderOnes(Class<?> type)
            throws Exception {
        Schema current = (Schema) type.getMethod("getClassSchema").invoke(null);
        List<Schema> history = SchemaHistory.of(current);

        assertThat(history)
                .as("src/main/resources/%s%s.v1.avsc must exist", SchemaHistory.RESOURCE_FOLDER, current.getName())
                .isNotEmpty();
        assertThat(AvroCodec.fingerprint(history.get(history.size() - 1)))
                .as(
                        "%s changed: copy the new schema to %s%s.v%d.avsc (never edit an existing version)",
                        current.getName(), SchemaHistory.RESOURCE_FOLDER, current.getName(), history.size() + 1)
                .isEqualTo(AvroCodec.fingerprint(current));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            Schema version = history.get(i);
            assertThat(seen.add(AvroCodec.fingerprint(version)))
                    .as("%s v%d repeats an earlier version", current.getName(), i + 1)
                    .isTrue();
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, version)
                            .getType())
                    .as("current %s reads v%d", current.getName(), i + 1)
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(version, current)
                            .getType())
                    .as("v%d reader reads current %s", i + 1, current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }
}
