package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityKeyPairTest {

    /** RFC 8032 section 7.1, TEST 1. */
    @Test
    void derivesTheRfc8032PublicKey() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(IdentityKeyPair.fromRawKeys(seed, pub).publicKeyHex())
                .isEqualTo(HexFormat.of().formatHex(pub));
        byte[] otherPub = pub.clone();
        otherPub[0] ^= 1;
        assertThatThrownBy(() -> IdentityKeyPair.fromRawKeys(seed, otherPub))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the Ed25519 public key does not belong to the private key");
        assertThatThrownBy(() -> IdentityKeyPair.fromRawKeys(new byte[31], pub))
                .hasMessage("an Ed25519 private key has 32 bytes, found 31 bytes");
        assertThatThrownBy(() -> IdentityKeyPair.fromRawKeys(seed, null))
                .hasMessage("an Ed25519 public key has 32 bytes, found null");
    }

    /** keygen makes the same pair from the same random bytes as the JDK generator MixerIdentity uses. */
    @Test
    void generatesWhatTheJdkGeneratorMakesFromTheSameRandomBytes() throws Exception {
        IdentityKeyPair ours = IdentityKeyPair.generate(new DeterministicRandom(9));
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("Ed25519");
        jdk.initialize(NamedParameterSpec.ED25519, new DeterministicRandom(9));
        KeyPair theirs = jdk.generateKeyPair();
        byte[] x509 = theirs.getPublic().getEncoded();
        assertThat(ours.publicKey()).isEqualTo(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        assertThat(ours.privateKey())
                .isEqualTo(((EdECPrivateKey) theirs.getPrivate()).getBytes().orElseThrow());
    }

    @Test
    void identityFilesAreOwnerOnlyNeverOverwrittenAndSecretFree(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        IdentityKeyPair pair = IdentityKeyPair.generate(new DeterministicRandom(3));
        assertThat(IdentityKeyFile.exists(dir)).isFalse();
        assertThatThrownBy(() -> IdentityKeyFile.read(dir)).isInstanceOf(NoSuchFileException.class);
        Path file = IdentityKeyFile.write(dir, pair);
        assertThat(file).isEqualTo(dir.resolve("identity.key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        IdentityKeyPair read = IdentityKeyFile.read(dir);
        assertThat(read.publicKey()).isEqualTo(pair.publicKey());
        assertThat(read.privateKey()).isEqualTo(pair.privateKey());
        assertThatThrownBy(() -> IdentityKeyFile.write(dir, IdentityKeyPair.generate(new DeterministicRandom(4))))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("refusing to overwrite");

        String privHex = HexFormat.of().formatHex(pair.privateKey());
        assertThat(pair.toString()).doesNotContain(privHex.substring(0, 8));
        pair.destroy();
        assertThat(pair.isDestroyed()).isTrue();
        assertThatThrownBy(pair::privateKey).isInstanceOf(IllegalStateException.class);
    }
}
