package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixerIdentityTest {

    @TempDir
    Path tmp;

    @Test
    void signaturesVerifyWithTheRawPublicKeyAndFailOnAnyChange() {
        MixerIdentity id = MixerIdentity.generate();
        byte[] message = "descriptor bytes".getBytes(StandardCharsets.UTF_8);
        byte[] sig = id.sign(message);
        assertThat(sig).hasSize(64);
        assertThat(id.publicKey()).hasSize(32);
        assertThat(Ed25519.verify(id.publicKey(), message, sig)).isTrue();

        byte[] otherMessage = message.clone();
        otherMessage[0] ^= 1;
        assertThat(Ed25519.verify(id.publicKey(), otherMessage, sig)).isFalse();
        byte[] otherSig = sig.clone();
        otherSig[10] ^= 0x40;
        assertThat(Ed25519.verify(id.publicKey(), message, otherSig)).isFalse();
        assertThat(Ed25519.verify(MixerIdentity.generate().publicKey(), message, sig))
                .isFalse();
        assertThat(Ed25519.verify(new byte[31], message, sig)).isFalse();
        assertThat(Ed25519.verify(id.publicKey(), message, new byte[63])).isFalse();
    }

    @Test
    void rawPublicKeyIsTheLast32BytesOfTheX509Encoding() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] raw = Ed25519.rawPublicKey(pair.getPublic());
        assertThat(HexFormat.of().formatHex(x509, 0, 12)).isEqualTo("302a300506032b6570032100");
        assertThat(raw).isEqualTo(java.util.Arrays.copyOfRange(x509, 12, 44));
        assertThat(Ed25519.publicKey(raw).getEncoded()).isEqualTo(x509);
    }

    @Test
    void rfc8032TestVectorOneVerifies() {
        // RFC 8032, section 7.1, TEST 1 (empty message).
        byte[] pub = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = HexFormat.of()
                .parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(Ed25519.verify(pub, new byte[0], sig)).isTrue();
        byte[] priv = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        MixerIdentity id = MixerIdentity.fromRawKeys(priv, pub);
        assertThat(id.sign(new byte[0])).isEqualTo(sig);
    }

    @Test
    void filesRoundTripOwnerOnlyAndAreNeverOverwritten() throws Exception {
        Path dir = tmp.resolve("mixer-a");
        MixerIdentity id = MixerIdentity.generate();
        Path file = MixerIdentityFiles.write(dir, id);
        assertThat(file).isEqualTo(dir.resolve(MixerIdentityFiles.FILE_NAME));
        if (Fixtures.posix(tmp)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
        MixerIdentity read = MixerIdentityFiles.read(dir);
        assertThat(read).isEqualTo(id);
        byte[] msg = {1, 2, 3};
        assertThat(Ed25519.verify(id.publicKey(), msg, read.sign(msg))).isTrue();

        assertThatThrownBy(() -> MixerIdentityFiles.write(dir, MixerIdentity.generate()))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("refusing to overwrite");
        assertThat(MixerIdentityFiles.read(dir)).isEqualTo(id);
        assertThat(MixerIdentityFiles.readOrGenerate(dir)).isEqualTo(id);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary files left behind
        }
    }

    @Test
    void readOrGenerateCreatesOnce() throws Exception {
        Path dir = tmp.resolve("fresh");
        MixerIdentity first = MixerIdentityFiles.readOrGenerate(dir);
        assertThat(MixerIdentityFiles.readOrGenerate(dir)).isEqualTo(first);
        assertThatThrownBy(() -> MixerIdentityFiles.read(tmp.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesFilesOthersCanRead() throws Exception {
        assumeTrue(Fixtures.posix(tmp));
        Path dir = tmp.resolve("loose");
        MixerIdentityFiles.write(dir, MixerIdentity.generate());
        Files.setPosixFilePermissions(MixerIdentityFiles.path(dir), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MixerIdentityFiles.read(dir))
                .hasMessageContaining("owner only")
                .hasMessageContaining("rw-r--r--");
        Files.setPosixFilePermissions(MixerIdentityFiles.path(dir), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> MixerIdentityFiles.read(dir)).hasMessageContaining("identity directory");
    }

    @Test
    void refusesAFileWhoseKeysDoNotBelongTogether() throws Exception {
        Path dir = tmp.resolve("mismatch");
        MixerIdentityFiles.write(dir, MixerIdentity.generate());
        Path file = MixerIdentityFiles.path(dir);
        String other =
                Base64.getEncoder().encodeToString(MixerIdentity.generate().publicKey());
        String content = Files.readString(file).replaceAll("public=.*", "public=" + other);
        Files.writeString(file, content);
        assertThatThrownBy(() -> MixerIdentityFiles.read(dir))
                .hasMessageContaining("does not belong to the private key");

        Files.writeString(file, "format=something-else\n");
        assertThatThrownBy(() -> MixerIdentityFiles.read(dir))
                .hasMessageContaining("expected format=kafka-mixnet-ed25519-identity-v1");
    }

    @Test
    void toStringShowsNoPrivateKeyMaterial() throws Exception {
        MixerIdentity id = MixerIdentity.generate();
        byte[] priv = id.rawPrivateKey();
        String s = id.toString();
        assertThat(s).startsWith("MixerIdentity[public=" + id.publicKeyHex().substring(0, 8));
        assertThat(s)
                .doesNotContain(HexFormat.of().formatHex(priv).substring(0, 8))
                .doesNotContain(Base64.getEncoder().encodeToString(priv).substring(0, 8))
                .doesNotContain(id.publicKeyHex()); // not even the whole public key
        assertThat(s.length()).isLessThan(40);
    }
}
