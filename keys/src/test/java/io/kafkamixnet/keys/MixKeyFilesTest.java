package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.MixPrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixKeyFilesTest {

    private final DeterministicRandom random = new DeterministicRandom(40);

    @Test
    void keyFilesAreOwnerOnlyAndRoundTrip(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        MixPrivateKey k1 = MixPrivateKey.generate(7, random);
        MixPrivateKey k2 = MixPrivateKey.generate(8, random);
        Path f2 = MixKeyFiles.write(dir, k2);
        Path f1 = MixKeyFiles.write(dir, k1);
        assertThat(f1.getFileName().toString()).isEqualTo("mix-7.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f1)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f2)))
                .isEqualTo("rw-------");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mix-7.key", "mix-8.key");
        }
        List<MixPrivateKey> read = MixKeyFiles.readAll(dir);
        assertThat(read).extracting(MixPrivateKey::epoch).containsExactly(7L, 8L);
        assertThat(read.get(0).publicKey()).isEqualTo(k1.publicKey());
        assertThat(read.get(0).toBytes()).isEqualTo(k1.toBytes());
        assertThatThrownBy(() -> MixKeyFiles.write(dir, k1)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(MixKeyFiles.readAll(tmp.resolve("missing"))).isEmpty();
    }

    @Test
    void keyFilesOthersCanReadAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        Path f = MixKeyFiles.write(dir, MixPrivateKey.generate(1, random));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("owner only")
                .hasMessageContaining("rw-r--r--");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("directory");
    }

    @Test
    void malformedKeyFilesAreRefusedWithoutShowingTheKey(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        MixPrivateKey k = MixPrivateKey.generate(3, random);
        Path f = MixKeyFiles.write(dir, k);
        String content = Files.readString(f);
        String privB64 = Base64.getEncoder().encodeToString(k.toBytes());
        assertThat(content).contains("format=kafka-mixnet-x25519-private-key-v1", "epoch=3", "private=" + privB64);

        Files.writeString(f, content.replace("epoch=3", "epoch=three"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("decimal epoch");
        MixPrivateKey other = MixPrivateKey.generate(3, random);
        Files.writeString(f, content.replace(privB64, Base64.getEncoder().encodeToString(other.toBytes())));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not match")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(privB64));
        Files.writeString(f, "format=something-else\n");
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format=");
        Files.write(f, "private=!!!\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("base64");
    }
}
