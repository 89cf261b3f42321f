package io.kafkamixnet.directory;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.DescriptorSignatures;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.SchemaHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Generates {@code descriptor-vectors.json}: signed mixer descriptors from fixed identity seeds and
 * fixed contents, with every intermediate byte string (the descriptor's single-object encoding, the
 * signed message, the Ed25519 signature, the directory record value). Deterministic: Ed25519 signatures
 * are, and every key is derived from a fixed label. {@link DescriptorVectorsTest} checks the committed
 * file against this output and recomputes each value with independent primitives.
 */
final class DescriptorVectors {

    static final Path FILE = Path.of("src/test/resources/descriptor-vectors.json");
    static final HexFormat HEX = HexFormat.of();
    static final EpochSchedule SCHEDULE =
            EpochSchedule.of(java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(10));

    /** One vector's inputs: who signs, what, and with which writer schema version of MixerDescriptor. */
    record Spec(
            String description,
            String label,
            int schemaVersion,
            String mixerId,
            MixerRole role,
            String ingressTopic,
            long[] epochs,
            String strategySummary,
            long publishedAtMillis,
            long sequence,
            Optional<MixerLinks> links,
            Optional<MixerHealth> health) {}

    static final List<Spec> SPECS = List.of(
            new Spec(
                    "forward mixer announcing two next hops and one exit service (schema v2)",
                    "vector-1",
                    2,
                    "mix-a",
                    MixerRole.FORWARD,
                    "mixnet.mix-a.in",
                    new long[] {480_000, 480_001},
                    "pool(t=1s,nMin=10,f=0.5)",
                    1_728_000_654_321L,
                    1_728_000_654_321_000L,
                    Optional.of(MixerLinks.of(List.of("mix-c", "mix-b"), List.of("echo"))),
                    Optional.empty()),
            new Spec(
                    "response mixer announcing one next hop and (as every response mixer) no exit service (schema v2)",
                    "vector-2",
                    2,
                    "mix-r",
                    MixerRole.RESPONSE,
                    "mixnet.mix-r.in",
                    new long[] {479_999, 480_000, 480_001},
                    "timed(t=250ms)",
                    1_728_000_100_000L,
                    7L,
                    Optional.of(MixerLinks.of(List.of("mix-s"), List.of())),
                    Optional.empty()),
            new Spec(
                    "forward mixer written by a version 1 writer: links not announced (schema v1)",
                    "vector-3",
                    1,
                    "mix-old",
                    MixerRole.FORWARD,
                    "mixnet.mix-old.in",
                    new long[] {480_000},
                    "",
                    1_728_000_000_000L,
                    1_728_000_000_000_000L,
                    Optional.empty(),
                    Optional.empty()),
            new Spec(
                    "forward mixer reporting a raised heartbeat alarm (schema v3)",
                    "vector-4",
                    3,
                    "mix-d",
                    MixerRole.FORWARD,
                    "mixnet.mix-d.in",
                    new long[] {480_000},
                    "pool(t=1s,nMin=10,f=0.5)",
                    1_728_000_700_000L,
                    1_728_000_700_000_000L,
                    Optional.of(MixerLinks.of(List.of("mix-a"), List.of("echo"))),
                    Optional.of(MixerHealth.HEARTBEAT_ALARM)));

    private DescriptorVectors() {}

    /** 32 bytes derived from {@code label}: SHA-256 of its UTF-8 bytes. */
    static byte[] derive(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Ed25519 public key of a seed, computed by Bouncy Castle (the JDK cannot derive it). */
    static byte[] publicKeyOfSeed(byte[] seed) {
        byte[] pk = new byte[32];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
        return pk;
    }

    static MixerInfo info(Spec s, byte[] identityPublicKey) {
        List<EpochPublicKey> keys = new ArrayList<>();
        for (long e : s.epochs()) {
            keys.add(EpochPublicKey.of(epochKey(s, e).publicKey(), SCHEDULE));
        }
        return MixerInfo.builder()
                .mixerId(s.mixerId())
                .role(s.role())
                .ingressTopic(s.ingressTopic())
                .identityKey(identityPublicKey)
                .epochKeys(keys)
                .strategySummary(s.strategySummary())
                .publishedAtMillis(s.publishedAtMillis())
                .sequence(s.sequence())
                .links(s.links())
                .health(s.health())
                .build();
    }

    static MixPrivateKey epochKey(Spec s, long epoch) {
        return MixPrivateKey.fromBytes(epoch, derive(s.label() + " epoch " + epoch));
    }

    static Schema writerSchema(int version) {
        return SchemaHistory.of(MixerDescriptor.getClassSchema()).get(version - 1);
    }

    /** The descriptor's single-object encoding under writer schema {@code version}. */
    static byte[] encode(MixerInfo info, int version) {
        MixerDescriptor current = DescriptorCodec.toAvro(info);
        Schema writer = writerSchema(version);
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field f : writer.getFields()) {
            Object value = current.get(f.name());
            if (f.name().equals("role")) {
                value = new GenericData.EnumSymbol(f.schema(), info.role().name());
            } else if (f.name().equals("health") && value != null) {
                value = new GenericData.EnumSymbol(f.schema().getTypes().get(1), value.toString());
            } else if (f.name().equals("epochKeys")) {
                value = epochKeyRecords(f.schema().getElementType(), current);
            }
            record.put(f.name(), value);
        }
        return AvroCodec.generic(writer).encode(record);
    }

    private static List<GenericRecord> epochKeyRecords(Schema type, MixerDescriptor d) {
        List<GenericRecord> out = new ArrayList<>();
        for (var k : d.getEpochKeys()) {
            GenericRecord r = new GenericData.Record(type);
            for (Schema.Field f : type.getFields()) {
                r.put(f.name(), k.get(f.name()));
            }
            out.add(r);
        }
        return out;
    }

    static String generate() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", "kafka-mixnet signed mixer descriptor (docs/directory.md, docs/schemas.md)");
        root.put(
                "note",
                "Generated by directory/src/test/java/io/kafkamixnet/directory/DescriptorVectors.java and checked by"
                        + " DescriptorVectorsTest. Byte strings are lowercase hex. identitySeed is the 32-byte RFC 8032"
                        + " private key (seed); epoch private keys are the 32 bytes before X25519 clamping. All seeds"
                        + " are SHA-256 of a label. descriptorBytes = C3 01 || fingerprintBytes || Avro binary body"
                        + " under the named writer schema; signedMessage = signingPrefix || descriptorBytes; signature"
                        + " = Ed25519(identitySeed, signedMessage); recordValue is the SignedDescriptor single-object"
                        + " encoding, the value of the directory record whose key is the UTF-8 mixer id.");
        root.put("signingPrefix", HEX.formatHex(DescriptorSignatures.signedMessage(new byte[0])));
        ObjectNode schemas = root.putObject("schemas");
        List<Schema> history = SchemaHistory.of(MixerDescriptor.getClassSchema());
        for (int v = 1; v <= history.size(); v++) {
            schemas.set("MixerDescriptor.v" + v, fingerprintNode(json, history.get(v - 1)));
        }
        schemas.set("SignedDescriptor.v1", fingerprintNode(json, SignedDescriptor.getClassSchema()));
        ArrayNode vectors = root.putArray("vectors");
        for (Spec s : SPECS) {
            vectors.add(vector(json, s));
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return json.writer(printer).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode fingerprintNode(ObjectMapper json, Schema schema) {
        long fp = AvroCodec.fingerprint(schema);
        ObjectNode n = json.createObjectNode();
        n.put("fingerprint", AvroCodec.hex(fp));
        n.put("fingerprintBytes", HEX.formatHex(littleEndian(fp)));
        return n;
    }

    static byte[] littleEndian(long v) {
        return ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(v)
                .array();
    }

    private static ObjectNode vector(ObjectMapper json, Spec s) {
        byte[] seed = derive(s.label() + " identity");
        byte[] identityPublicKey = publicKeyOfSeed(seed);
        MixerIdentity identity = MixerIdentity.fromRawKeys(seed, identityPublicKey);
        MixerInfo info = info(s, identityPublicKey);
        byte[] descriptor = encode(info, s.schemaVersion());
        byte[] message = DescriptorSignatures.signedMessage(descriptor);
        byte[] signature = identity.sign(message);
        byte[] recordValue = DescriptorCodec.encode(SignedDescriptor.newBuilder()
                .setDescriptor(ByteBuffer.wrap(descriptor))
                .setSignature(ByteBuffer.wrap(signature))
                .setIdentityKey(ByteBuffer.wrap(identityPublicKey))
                .build());

        ObjectNode v = json.createObjectNode();
        v.put("description", s.description());
        v.put("identitySeed", HEX.formatHex(seed));
        v.put("identityPublicKey", HEX.formatHex(identityPublicKey));
        v.put("writerSchema", "MixerDescriptor.v" + s.schemaVersion());
        ObjectNode d = v.putObject("descriptor");
        d.put("mixerId", info.mixerId());
        d.put("role", info.role().name());
        d.put("ingressTopic", info.ingressTopic());
        d.put("identityKey", HEX.formatHex(identityPublicKey));
        ArrayNode keys = d.putArray("epochKeys");
        for (EpochPublicKey k : info.epochKeys()) {
            ObjectNode kn = keys.addObject();
            kn.put("epoch", k.epoch());
            kn.put("privateKey", HEX.formatHex(derive(s.label() + " epoch " + k.epoch())));
            kn.put("publicKey", HEX.formatHex(k.key().bytes()));
            kn.put("validFromMillis", k.validFromMillis());
            kn.put("validUntilMillis", k.validUntilMillis());
            kn.put("graceUntilMillis", k.graceUntilMillis());
        }
        d.put("strategySummary", info.strategySummary());
        d.put("publishedAtMillis", info.publishedAtMillis());
        d.put("sequence", info.sequence());
        if (s.schemaVersion() >= 2) {
            if (info.links().isPresent()) {
                info.links().get().nextHops().forEach(d.putArray("nextHops")::add);
                info.links().get().exitServices().forEach(d.putArray("exitServices")::add);
            } else {
                d.putNull("nextHops");
                d.putNull("exitServices");
            }
        }
        if (s.schemaVersion() >= 3) {
            if (info.health().isPresent()) {
                d.put("health", info.health().get().name());
            } else {
                d.putNull("health");
            }
        }
        v.put("descriptorBytes", HEX.formatHex(descriptor));
        v.put("signedMessage", HEX.formatHex(message));
        v.put("signature", HEX.formatHex(signature));
        v.put("recordKey", HEX.formatHex(info.mixerId().getBytes(StandardCharsets.UTF_8)));
        v.put("recordValue", HEX.formatHex(recordValue));
        return v;
    }

    /** Writes the file: {@code mvn -pl directory -am verify -Dtest=DescriptorVectorsTest -Dmixnet.regenerateDescriptorVectors=true}. */
    static boolean regenerate() {
        return Boolean.getBoolean("mixnet.regenerateDescriptorVectors");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
