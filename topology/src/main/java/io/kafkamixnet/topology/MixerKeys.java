package io.kafkamixnet.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerIdentityFiles;

/**
 * Everything a new mixer needs in its key directory, all owner-only: X25519 epoch keys, the pool-store
 * sealing key, and the Ed25519 identity that signs its descriptors. What {@code mixnet keygen} does.
 *
 * <p>Existing keys are never replaced: running it again only adds missing epochs. Epoch keys go
 * through the same {@link EpochKeyRing} (and file lock) a running mixer uses, so keygen and a mixer
 * never make two keys for one epoch.
 */
public final class MixerKeys {

    private MixerKeys() {
    }

    /** What {@link #provision} wrote; the identity's public key is safe to print and share. */
    public record Provisioned(Set<Long> newEpochs, boolean newPoolStoreKey, boolean newIdentity, String identityPublicKeyHex) {
    }

    /**
     * Ensures keys for {@code epochs} consecutive epochs from {@code firstEpoch}, a pool-store key and an
     * identity exist in {@code dir} (created owner-only if missing).
     */
    public static Provisioned provision(Path dir, EpochSchedule schedule, long firstEpoch, int epochs, SecureRandom random)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        EpochKeyRing ring = EpochKeyRing.open(dir, schedule, random, false);
        Set<Long> generated = Set.copyOf(ring.generateAhead(schedule.startMillis(firstEpoch), epochs - 1));

        boolean newStoreKey = !PoolStoreKey.exists(dir);
        if (newStoreKey) {
            PoolStoreKey storeKey = PoolStoreKey.generate(random);
            try {
                storeKey.write(dir);
            } finally {
                storeKey.destroy();
            }
        }

        boolean newIdentity = !Files.exists(MixerIdentityFiles.path(dir));
        if (newIdentity) {
            MixerIdentityFiles.write(dir, MixerIdentity.generate(random));
        }
        MixerIdentity identity = MixerIdentityFiles.read(dir); // also checks it is owner-only and consistent
        return new Provisioned(generated, newStoreKey, newIdentity, identity.publicKeyHex());
    }
}
