package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.MixPrivateKey;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolStoreKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void poolStoreKeyFilesAreOwnerOnlyNeverOverwrittenAndRefusedWhenShared(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        PoolStoreKey key = PoolStoreKey.generate(random);
        key.write(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PoolStoreKey.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PoolStoreKey.read(dir).bytes()).isEqualTo(key.bytes());
        assertThat(key.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(key.bytes()));
        assertThatThrownBy(() -> PoolStoreKey.generate(random).write(dir))
                .isInstanceOf(FileAlreadyExistsException.class);
        Files.setPosixFilePermissions(
                dir.resolve(PoolStoreKey.FILE_NAME), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> PoolStoreKey.read(dir)).hasMessageContaining("owner only");
        assertThatThrownBy(() -> PoolStoreKey.read(tmp.resolve("elsewhere"))).hasMessageContaining("mixnet keygen");
        // The epoch key files and the store key live side by side.
        MixKeyFiles.write(dir, MixPrivateKey.generate(7, random));
        assertThat(MixKeyFiles.readAll(dir)).hasSize(1);
    }
}
