package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.keys.KeyDirectory;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.packet.MixPrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochKeyRingTest {

    private static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));

    @TempDir
    Path tmp;

    private final long start8 = SCHEDULE.startMillis(8);

    @Test
    void generatesCurrentAndNextOnDemandInOwnerOnlyFiles() throws Exception {
        Path dir = tmp.resolve("keys");
        EpochKeyRing ring = EpochKeyRing.open(dir, SCHEDULE);
        assertThat(ring.epochs()).isEmpty();

        long mid8 = start8 + Duration.ofMinutes(30).toMillis();
        List<MixPrivateKey> accepted = ring.acceptedKeys(mid8);
        assertThat(accepted).extracting(MixPrivateKey::epoch).containsExactly(8L, 9L); // never a past key
        assertThat(Files.exists(dir.resolve(MixKeyFiles.fileName(8)))).isTrue();
        assertThat(Files.exists(dir.resolve(MixKeyFiles.fileName(9)))).isTrue();
        if (Fixtures.posix(tmp)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve(MixKeyFiles.fileName(8)))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve(KeyDirectory.LOCK_FILE))))
                    .isEqualTo("rw-------");
        }
        // Same keys after a restart.
        EpochKeyRing reopened = EpochKeyRing.open(dir, SCHEDULE);
        assertThat(reopened.acceptedKeys(mid8))
                .extracting(k -> k.publicKey())
                .containsExactlyElementsOf(
                        accepted.stream().map(MixPrivateKey::publicKey).toList());
    }

    @Test
    void rotationKeepsThePreviousKeyThroughGraceAndAnnouncesTheNext() throws Exception {
        EpochKeyRing ring = EpochKeyRing.open(tmp.resolve("keys"), SCHEDULE);
        ring.acceptedKeys(start8 - 1); // last millisecond of epoch 7: keys 7 and 8
        MixPrivateKey key8 = ring.keyFor(8, start8 - 1).orElseThrow();

        // Boundary: 7 in grace, 8 current (the same key that was announced ahead), 9 generated and announced.
        assertThat(ring.acceptedKeys(start8)).extracting(MixPrivateKey::epoch).containsExactly(7L, 8L, 9L);
        assertThat(ring.keyFor(8, start8)).containsSame(key8);
        List<EpochPublicKey> announced = ring.announcement(start8);
        assertThat(announced).extracting(EpochPublicKey::epoch).containsExactly(7L, 8L, 9L);
        EpochPublicKey a8 = announced.get(1);
        assertThat(a8.key()).isEqualTo(key8.publicKey());
        assertThat(a8.validFromMillis()).isEqualTo(start8);
        assertThat(a8.validUntilMillis()).isEqualTo(SCHEDULE.endMillis(8));
        assertThat(a8.graceUntilMillis())
                .isEqualTo(SCHEDULE.endMillis(8) + Duration.ofMinutes(10).toMillis());

        long graceEnd = SCHEDULE.graceUntilMillis(7);
        assertThat(ring.keyFor(7, graceEnd - 1)).isPresent();
        assertThat(ring.keyFor(7, graceEnd)).isEmpty();
        assertThat(ring.keyFor(10, start8)).isEmpty(); // two ahead: not accepted
        assertThat(ring.announcement(graceEnd))
                .extracting(EpochPublicKey::epoch)
                .containsExactly(8L, 9L);

        assertThat(ring.purgeExpired(graceEnd - 1)).isEmpty();
        assertThat(ring.purgeExpired(graceEnd)).containsExactly(7L);
        assertThat(Files.exists(ring.directory().resolve(MixKeyFiles.fileName(7))))
                .isFalse();
        assertThat(ring.epochs()).containsExactly(8L, 9L);
    }

    @Test
    void withoutGenerationMissingKeysAreLeftOutUntilTheyAppear() throws Exception {
        Path dir = tmp.resolve("keys");
        EpochKeyRing passive = EpochKeyRing.open(dir, SCHEDULE, new SecureRandom(), false);
        assertThat(passive.acceptedKeys(start8)).isEmpty();
        assertThat(Files.exists(dir)).isFalse();

        // An operator pre-generates a day of keys (e.g. on one machine) and copies them.
        EpochKeyRing generator = EpochKeyRing.open(tmp.resolve("master"), SCHEDULE, new SecureRandom(), false);
        assertThat(generator.generateAhead(start8, 23))
                .hasSize(24)
                .startsWith(8L)
                .endsWith(31L);
        assertThat(generator.generateAhead(start8, 23)).isEmpty();
        MixKeyFiles.write(dir, MixKeyFiles.readAll(tmp.resolve("master")).get(0));
        MixKeyFiles.write(dir, MixKeyFiles.readAll(tmp.resolve("master")).get(1));
        assertThat(passive.acceptedKeys(start8))
                .extracting(MixPrivateKey::epoch)
                .containsExactly(8L, 9L);
        assertThat(passive.keyFor(8, start8).orElseThrow().publicKey())
                .isEqualTo(generator.keyFor(8, start8).orElseThrow().publicKey());
    }

    @Test
    void twoRingsOnOneDirectoryAgreeOnEveryKey() throws Exception {
        Path dir = tmp.resolve("shared");
        EpochKeyRing one = EpochKeyRing.open(dir, SCHEDULE);
        EpochKeyRing two = EpochKeyRing.open(dir, SCHEDULE);
        Thread t = new Thread(() -> {
            try {
                for (int e = 0; e < 20; e++) {
                    one.acceptedKeys(SCHEDULE.startMillis(100 + e));
                }
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        t.start();
        for (int e = 0; e < 20; e++) {
            two.acceptedKeys(SCHEDULE.startMillis(100 + e));
        }
        t.join();
        for (long e = 100; e <= 120; e++) {
            long now = SCHEDULE.startMillis(e);
            assertThat(one.keyFor(e, now).orElseThrow().publicKey())
                    .isEqualTo(two.keyFor(e, now).orElseThrow().publicKey());
        }
    }

    @Test
    void toStringShowsEpochsOnly() throws Exception {
        EpochKeyRing ring = EpochKeyRing.open(tmp.resolve("keys"), SCHEDULE);
        MixPrivateKey k = ring.acceptedKeys(start8).get(0);
        String secret = java.util.HexFormat.of().formatHex(k.toBytes());
        assertThat(ring.toString()).contains("epochs=[8, 9]").doesNotContain(secret.substring(0, 8));
    }
}
