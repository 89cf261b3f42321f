package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.topology.internals.EntrySealer;
import io.kafkamixnet.topology.internals.EntrySealer.Purpose;
import io.kafkamixnet.topology.internals.HeldEntry;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysAndSealingTest {

    private final SecureRandom random = new SecureRandom();

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
        assertThatThrownBy(() -> sealer.open(Purpose.POOL_ENTRY, otherEntry, sealed))
                .isInstanceOf(EntrySealer.SealedValueException.class);
        assertThatThrownBy(() -> sealer.open(Purpose.RELEASE_MARK, entryKey, sealed))
                .isInstanceOf(EntrySealer.SealedValueException.class);
        byte[] tampered = sealed.clone();
        tampered[20] ^= 1;
        assertThatThrownBy(() -> sealer.open(Purpose.POOL_ENTRY, entryKey, tampered))
                .isInstanceOf(EntrySealer.SealedValueException.class);
        EntrySealer other = new EntrySealer(PoolStoreKey.generate(random), random);
        assertThatThrownBy(() -> other.open(Purpose.POOL_ENTRY, entryKey, sealed))
                .isInstanceOf(EntrySealer.SealedValueException.class)
                .hasMessageContaining("another pool store key");
    }

    @Test
    void heldEntriesHaveOneSizeWhateverTheirCommandAndRoundTrip() {
        Geometry g = Geometry.defaults();
        List<HeldEntry> entries = List.of(
                new HeldEntry(5, 100, 200, new RoutingCommand.Relay("mix-b"), new byte[g.packetSize()]),
                new HeldEntry(5, 100, 200, new RoutingCommand.Exit("x".repeat(58)), "short".getBytes()),
                new HeldEntry(
                        5, 100, 200, new RoutingCommand.DeliverReply(SurbId.random(random)), new byte[g.payloadSize()]),
                new HeldEntry(5, 100, 200, new RoutingCommand.Drop(), new byte[0]));
        for (HeldEntry e : entries) {
            byte[] encoded = e.encode(g);
            assertThat(encoded).hasSize(HeldEntry.encodedSize(g));
            assertThat(HeldEntry.decode(g, encoded)).isEqualTo(e);
        }
    }

    @Test
    void theTopologyRefusesAKeyRingOnAnotherEpochSchedule(@TempDir Path dir) {
        MixerConfig config = MixFixture.forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                .build();
        EpochKeyRing ring = MixFixture.ring(dir, EpochSchedule.of(Duration.ofHours(2), Duration.ofMinutes(10)));
        assertThatThrownBy(() ->
                        MixerTopology.build(config, ring, PoolStoreKey.generate(random), new MixerMetrics(), () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch.length");
    }

    @Test
    void aPublishingMixerNeedsTheIdentityThatKeygenWrites(@TempDir Path tmp) throws Exception {
        Path keys = tmp.resolve("keys");
        PoolStoreKey.generate(random).write(keys);
        MixerConfig config = MixFixture.forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                .keyDirectory(keys)
                .directoryTopic("mixnet-directory")
                .build();
        ClientSettings cluster = ClientSettings.of("localhost:1");
        assertThatThrownBy(() -> MixerApplication.create(config, cluster))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(MixerIdentityFiles.FILE_NAME)
                .hasMessageContaining("directory.topic=mixnet-directory")
                .hasMessageContaining("mixnet keygen --dir " + keys);
        assertThat(Files.exists(MixerIdentityFiles.path(keys)))
                .as("never generated behind the operator's back")
                .isFalse();

        MixerIdentity identity = MixerIdentity.generate(random);
        MixerIdentityFiles.write(keys, identity);
        try (MixerApplication mixer = MixerApplication.create(config, cluster)) {
            assertThat(mixer.identity()).contains(identity.publicKeyHex());
            assertThat(mixer.lastDescriptor()).isEmpty();
            assertThat(mixer.toString()).doesNotContain(identity.publicKeyHex());
        }
        // Without a directory topic the mixer does not publish and needs no identity.
        try (MixerApplication mixer =
                MixerApplication.create(config.toBuilder().directoryTopic(null).build(), cluster)) {
            assertThat(mixer.identity()).isEmpty();
        }
        // An embedded mixer that publishes must be given its identity.
        EpochKeyRing ring = EpochKeyRing.open(keys, config.epochSchedule());
        assertThatThrownBy(() -> MixerApplication.create(config, cluster, ring, PoolStoreKey.generate(random)))
                .hasMessageContaining("needs a MixerIdentity");
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
