package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.MixPrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixerKeysTest {

    private final DeterministicRandom random = new DeterministicRandom(12);

    @Test
    void provisionsAWholeOwnerOnlyKeyDirectoryAndOnlyAddsOnTheSecondRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("mixer-1");
        MixerKeys.Provisioned first = MixerKeys.provision(dir, 5, 3, random);
        assertThat(first.newEpochs()).containsExactlyInAnyOrder(5L, 6L, 7L);
        assertThat(first.newPoolStoreKey()).isTrue();
        assertThat(first.newIdentity()).isTrue();
        assertThat(first.identityPublicKeyHex())
                .isEqualTo(IdentityKeyFile.read(dir).publicKeyHex());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "mix-5.key", "mix-6.key", "mix-7.key", "pool-store.key", "identity.key", ".keyring.lock");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        List<MixPrivateKey> before = MixKeyFiles.readAll(dir);

        MixerKeys.Provisioned again = MixerKeys.provision(dir, 6, 3, random);
        assertThat(again.newEpochs()).isEqualTo(Set.of(8L));
        assertThat(again.newPoolStoreKey()).isFalse();
        assertThat(again.newIdentity()).isFalse();
        assertThat(again.identityPublicKeyHex()).isEqualTo(first.identityPublicKeyHex());
        List<MixPrivateKey> after = MixKeyFiles.readAll(dir);
        assertThat(after).extracting(MixPrivateKey::epoch).containsExactly(5L, 6L, 7L, 8L);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).toBytes())
                    .as("kept, never replaced")
                    .isEqualTo(before.get(i).toBytes());
        }
    }

    @Test
    void refusesNoEpochsAndAKeyDirectoryOthersCanRead(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> MixerKeys.provision(tmp.resolve("a"), 0, 0, random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epochs must be >= 1, found 0");
        Path dir = tmp.resolve("b");
        MixerKeys.provision(dir, 0, 1, random);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> MixerKeys.provision(dir, 0, 2, random))
                .hasMessageContaining("key directory")
                .hasMessageContaining("owner only");
        assertThat(Files.exists(KeyDirectory.epochKeyFile(dir, 1))).isFalse();
    }

    /** The JVM side of KeyDirectoryLock: threads sharing a directory make each epoch's key once. */
    @Test
    void generatesMissingEpochKeysOnlyOnceAcrossThreads(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("shared");
        int threads = 4;
        List<Thread> workers = new ArrayList<>();
        ConcurrentLinkedQueue<Long> generated = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    for (MixPrivateKey k : MixKeyFiles.generateMissing(dir, 1, 10, new SecureRandom(), e -> false)) {
                        generated.add(k.epoch());
                        k.destroy();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(generated).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(MixKeyFiles.readAll(dir)).hasSize(10);
    }
}
