package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixKeyFiles;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.topology.internals.EntrySealer;
import io.kafkamixnet.topology.internals.EntrySealer.Purpose;
import io.kafkamixnet.topology.internals.HeldEntry;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysAndSealingTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void poolStoreKeyFilesAreOwnerOnlyNeverOverwrittenAndRefusedWhenShared(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        PoolStoreKey key = PoolStoreKey.generate(random);
        key.write(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PoolStoreKey.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PoolStoreKey.read(dir).bytes()).isEqualTo(key.bytes());
        assertThat(key.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(key.bytes()));
        assertThatThrownBy(() -> PoolStoreKey.generate(random).write(dir)).isInstanceOf(FileAlreadyExistsException.class);
        Files.setPosixFilePermissions(dir.resolve(PoolStoreKey.FILE_NAME), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> PoolStoreKey.read(dir)).hasMessageContaining("owner only");
        assertThatThrownBy(() -> PoolStoreKey.read(tmp.resolve("elsewhere"))).hasMessageContaining("mixnet keygen");
        // The epoch key files and the store key live side by side.
        MixKeyFiles.write(dir, MixPrivateKey.generate(7, random));
        assertThat(MixKeyFiles.readAll(dir)).hasSize(1);
    }

    @Test
    void sealedValuesOpenOnlyUnderTheirStoreKeyEntryKeyAndPurpose() throws Exception {
        PoolStoreKey k = PoolStoreKey.generate(random);
        EntrySealer sealer = new EntrySealer(k, random);
        byte[] entryKey = new byte[16];
        random.nextBytes(entryKey);
        byte[] plaintext = "held packet".getBytes();
        byte[] sealed = sealer.seal(Purpose.POOL_ENTRY, entryKey, plaintext);
        assertThat(sealer.open(Purpose.POOL_ENTRY, entryKey, sealed)).isEqualTo(plaintext);
        assertThat(sealer.seal(Purpose.POOL_ENTRY, entryKey, plaintext)).isNotEqualTo(sealed);

        byte[] otherEntry = entryKey.clone();
        otherEntry[0] ^= 1;
        assertThatThrownBy(() -> sealer.open(Purpose.POOL_ENTRY, otherEntry, sealed)).isInstanceOf(EntrySealer.SealedValueException.class);
        assertThatThrownBy(() -> sealer.open(Purpose.RELEASE_MARK, entryKey, sealed)).isInstanceOf(EntrySealer.SealedValueException.class);
        byte[] tampered = sealed.clone();
        tampered[20] ^= 1;
        assertThatThrownBy(() -> sealer.open(Purpose.POOL_ENTRY, entryKey, tampered)).isInstanceOf(EntrySealer.SealedValueException.class);
        EntrySealer other = new EntrySealer(PoolStoreKey.generate(random), random);
        assertThatThrownBy(() -> other.open(Purpose.POOL_ENTRY, entryKey, sealed))
                .isInstanceOf(EntrySealer.SealedValueException.class).hasMessageContaining("another pool store key");
    }

    @Test
    void heldEntriesHaveOneSizeWhateverTheirCommandAndRoundTrip() {
        Geometry g = Geometry.defaults();
        List<HeldEntry> entries = List.of(
                new HeldEntry(5, 100, 200, new RoutingCommand.Relay("mix-b"), new byte[g.packetSize()]),
                new HeldEntry(5, 100, 200, new RoutingCommand.Exit("x".repeat(58)), "short".getBytes()),
                new HeldEntry(5, 100, 200, new RoutingCommand.DeliverReply(SurbId.random(random)), new byte[g.payloadSize()]),
                new HeldEntry(5, 100, 200, new RoutingCommand.Drop(), new byte[0]));
        for (HeldEntry e : entries) {
            byte[] encoded = e.encode(g);
            assertThat(encoded).hasSize(HeldEntry.encodedSize(g));
            assertThat(HeldEntry.decode(g, encoded)).isEqualTo(e);
        }
    }

    @Test
    void epochScheduleAcceptsTheCurrentEpochAndThePreviousOneWithinItsGrace() {
        EpochSchedule s = new EpochSchedule(Duration.ofHours(1), Duration.ofMinutes(10));
        long e = 500_000;
        long start = s.startOf(e);
        assertThat(s.epochAt(start)).isEqualTo(e);
        assertThat(s.epochAt(start - 1)).isEqualTo(e - 1);
        assertThat(s.accepts(e, start)).isTrue();
        assertThat(s.accepts(e - 1, start + Duration.ofMinutes(10).toMillis() - 1)).isTrue();
        assertThat(s.accepts(e - 1, start + Duration.ofMinutes(10).toMillis())).isFalse();
        assertThat(s.accepts(e + 1, start)).isFalse();
        assertThat(s.accepts(e - 2, start)).isFalse();
        assertThat(s.oldestAccepted(start + 1)).isEqualTo(e - 1);
        assertThat(s.oldestAccepted(start + Duration.ofMinutes(10).toMillis())).isEqualTo(e);
        assertThatThrownBy(() -> new EpochSchedule(Duration.ofMinutes(1), Duration.ofMinutes(2))).hasMessageContaining("epoch.grace");
    }

    @Test
    void theKeyringDestroysKeysOfRetiredEpochsAndPicksUpNewKeyFiles(@TempDir Path dir) throws Exception {
        EpochSchedule s = new EpochSchedule(Duration.ofHours(1), Duration.ofMinutes(10));
        long now = s.startOf(1000) + Duration.ofMinutes(30).toMillis();
        for (long e = 997; e <= 1000; e++) {
            MixKeyFiles.write(dir, MixPrivateKey.generate(e, random));
        }
        EpochKeyring ring = EpochKeyring.load(dir);
        assertThat(ring.epochs()).containsExactly(997L, 998L, 999L, 1000L);
        MixPrivateKey old = ring.key(999).orElseThrow();
        ring.refresh(s, now);
        assertThat(ring.epochs()).containsExactly(1000L);
        assertThat(old.isDestroyed()).isTrue();
        assertThat(ring.key(999)).isEmpty();
        MixKeyFiles.write(dir, MixPrivateKey.generate(1001, random));
        ring.refresh(s, now);
        assertThat(ring.epochs()).containsExactly(1000L, 1001L);
    }

    @Test
    void partitionBindingIsDeterministicInRangeAndUniform() {
        long[] counts = new long[5];
        for (int i = 0; i < 5000; i++) {
            byte[] packet = new byte[64];
            random.nextBytes(packet);
            int p = PartitionBinding.partitionFor(packet, 5);
            assertThat(PartitionBinding.partitionFor(packet.clone(), 5)).isEqualTo(p);
            packet[40] ^= 1; // bytes after the group element do not matter
            assertThat(PartitionBinding.partitionFor(packet, 5)).isEqualTo(p);
            counts[p]++;
        }
        assertThat(ChiSquare.uniformStatistic(counts)).isLessThan(ChiSquare.critical(4));
        assertThat(PartitionBinding.partitionFor(new byte[32], 1)).isZero();
        assertThatThrownBy(() -> PartitionBinding.partitionFor(new byte[31], 2)).hasMessageContaining("at least 32");
    }
}
