package io.kafkamixnet.directory;

import static io.kafkamixnet.directory.DescriptorVectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.SchemaHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The committed signed-descriptor vectors ({@code src/test/resources/descriptor-vectors.json}) are
 * what the code produces, and every value in them follows from the file's own inputs: public keys
 * recomputed from the seeds (Bouncy Castle for Ed25519), the descriptor encoded from the listed fields
 * under the named writer schema, the header's fingerprint, the signed message, the signature (JDK
 * signs, Bouncy Castle verifies), and the record value, which the directory's own verifier accepts
 * with exactly the listed contents. Regenerate after an intended change with
 * {@code -Dmixnet.regenerateDescriptorVectors=true}.
 */
class DescriptorVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void committedFileIsTheGeneratorOutput() throws Exception {
        if (DescriptorVectors.regenerate()) {
            Files.writeString(DescriptorVectors.FILE, DescriptorVectors.generate(), StandardCharsets.UTF_8);
        }
        assertThat(committed()).isEqualTo(DescriptorVectors.generate());
    }

    @Test
    void everyValueFollowsFromTheFilesInputs() throws Exception {
        JsonNode root = JSON.readTree(committed());
        byte[] prefix = hex(root, "signingPrefix");
        assertThat(new String(prefix, StandardCharsets.US_ASCII)).isEqualTo("kafka-mixnet/mixer-descriptor/v1\0");

        List<Schema> history = SchemaHistory.of(MixerDescriptor.getClassSchema());
        assertThat(root.get("schemas").size()).isEqualTo(history.size() + 1);
        for (int v = 1; v <= history.size(); v++) {
            checkFingerprint(root.get("schemas").get("MixerDescriptor.v" + v), history.get(v - 1));
        }
        checkFingerprint(root.get("schemas").get("SignedDescriptor.v1"), SignedDescriptor.getClassSchema());

        assertThat(root.get("vectors").size()).isEqualTo(4);
        for (JsonNode v : root.get("vectors")) {
            checkVector(root, v, prefix);
        }
    }

    private static void checkFingerprint(JsonNode node, Schema schema) {
        long fp = AvroCodec.fingerprint(schema);
        assertThat(node.get("fingerprint").asText()).isEqualTo(AvroCodec.hex(fp));
        assertThat(hex(node, "fingerprintBytes")).isEqualTo(DescriptorVectors.littleEndian(fp));
    }

    private static void checkVector(JsonNode root, JsonNode v, byte[] prefix) throws Exception {
        String what = v.get("description").asText();
        byte[] seed = hex(v, "identitySeed");
        byte[] pub = hex(v, "identityPublicKey");
        assertThat(DescriptorVectors.publicKeyOfSeed(seed)).as(what).isEqualTo(pub);

        JsonNode d = v.get("descriptor");
        List<EpochPublicKey> keys = new ArrayList<>();
        for (JsonNode k : d.get("epochKeys")) {
            MixPrivateKey priv = MixPrivateKey.fromBytes(k.get("epoch").asLong(), hex(k, "privateKey"));
            assertThat(priv.publicKey().bytes()).as(what).isEqualTo(hex(k, "publicKey"));
            keys.add(new EpochPublicKey(
                    priv.publicKey(),
                    k.get("validFromMillis").asLong(),
                    k.get("validUntilMillis").asLong(),
                    k.get("graceUntilMillis").asLong()));
        }
        Optional<MixerLinks> links = d.hasNonNull("nextHops")
                ? Optional.of(new MixerLinks(strings(d.get("nextHops")), strings(d.get("exitServices"))))
                : Optional.empty();
        MixerInfo info = MixerInfo.builder()
                .mixerId(d.get("mixerId").asText())
                .role(MixerRole.valueOf(d.get("role").asText()))
                .ingressTopic(d.get("ingressTopic").asText())
                .identityKey(hex(d, "identityKey"))
                .epochKeys(keys)
                .strategySummary(d.get("strategySummary").asText())
                .publishedAtMillis(d.get("publishedAtMillis").asLong())
                .sequence(d.get("sequence").asLong())
                .links(links)
                .health(
                        d.hasNonNull("health")
                                ? Optional.of(
                                        MixerHealth.valueOf(d.get("health").asText()))
                                : Optional.empty())
                .build();

        String writer = v.get("writerSchema").asText();
        int version = Integer.parseInt(writer.substring(writer.lastIndexOf('v') + 1));
        byte[] descriptor = hex(v, "descriptorBytes");
        assertThat(DescriptorVectors.encode(info, version)).as(what).isEqualTo(descriptor);
        assertThat(Arrays.copyOfRange(descriptor, 0, 2)).isEqualTo(new byte[] {(byte) 0xC3, 0x01});
        assertThat(Arrays.copyOfRange(descriptor, 2, 10))
                .as(what + ": header names the writer schema")
                .isEqualTo(hex(root.get("schemas").get(writer), "fingerprintBytes"));
        if (version == SchemaHistory.of(MixerDescriptor.getClassSchema()).size()) {
            // What a current mixer signs is byte for byte what the vector holds.
            assertThat(DescriptorCodec.sign(MixerIdentity.fromRawKeys(seed, pub), info)
                            .getDescriptor()
                            .array())
                    .as(what)
                    .isEqualTo(descriptor);
        }

        byte[] message = hex(v, "signedMessage");
        assertThat(message).isEqualTo(DescriptorVectors.concat(prefix, descriptor));
        byte[] signature = hex(v, "signature");
        assertThat(org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, pub, 0, message, 0, message.length))
                .as(what + ": Bouncy Castle verifies the signature")
                .isTrue();
        assertThat(MixerIdentity.fromRawKeys(seed, pub).sign(message))
                .as(what + ": Ed25519 is deterministic")
                .isEqualTo(signature);

        byte[] recordValue = hex(v, "recordValue");
        SignedDescriptor signed = AvroCodec.of(SignedDescriptor.class).decode(recordValue);
        assertThat(signed.getDescriptor().array()).isEqualTo(descriptor);
        assertThat(signed.getSignature().array()).isEqualTo(signature);
        assertThat(signed.getIdentityKey().array()).isEqualTo(pub);
        assertThat(hex(v, "recordKey")).isEqualTo(info.mixerId().getBytes(StandardCharsets.UTF_8));
        assertThat(DescriptorCodec.verify(recordValue).info())
                .as(what + ": the directory's verifier reads exactly the listed contents")
                .isEqualTo(info);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static byte[] hex(JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value).as("field " + field).isNotNull();
        return HEX.parseHex(value.asText());
    }

    private static String committed() throws Exception {
        if (DescriptorVectors.regenerate()) {
            return Files.readString(DescriptorVectors.FILE, StandardCharsets.UTF_8); // class-path copy is stale
        }
        try (var in = DescriptorVectorsTest.class.getResourceAsStream("/descriptor-vectors.json")) {
            assertThat(in).as("descriptor-vectors.json on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
