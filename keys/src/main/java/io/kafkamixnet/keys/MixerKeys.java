package io.kafkamixnet.keys;

import io.kafkamixnet.packet.MixPrivateKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a new mixer needs in its key directory, all owner-only: X25519 epoch keys, the pool-store
 * sealing key, and the Ed25519 identity that signs its descriptors. What {@code mixnet keygen} does.
 *
 * <p>Existing keys are never replaced: running it again only adds missing epochs. Epoch keys are
 * generated with {@link MixKeyFiles#generateMissing}, under the same {@link KeyDirectoryLock} a running
 * mixer's key ring uses, so keygen and a mixer never make two keys for one epoch.
 */
public final class MixerKeys {

    /** At most this many epochs after the first are provisioned in one call. */
    private static final int MAX_EPOCHS_AHEAD = 10_000;

    private MixerKeys() {}

    /** What {@link #provision} wrote; the identity's public key is safe to print and share. */
    public record Provisioned(
            Set<Long> newEpochs, boolean newPoolStoreKey, boolean newIdentity, String identityPublicKeyHex) {}

    /**
     * Ensures keys for {@code epochs} consecutive epochs from {@code firstEpoch}, a pool-store key and an
     * identity exist in {@code dir} (created owner-only if missing).
     *
     * @throws IllegalArgumentException if {@code epochs} is below 1 or above 10001
     * @throws IOException if a key already there is malformed or accessible to group or others, or a
     *                     write fails
     */
    public static Provisioned provision(Path dir, long firstEpoch, int epochs, SecureRandom random) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        int epochsAhead = epochs - 1;
        if (epochsAhead > MAX_EPOCHS_AHEAD) {
            throw new IllegalArgumentException("epochsAhead must be in 0..10000, found " + epochsAhead);
        }
        MixKeyFiles.readAll(dir).forEach(MixPrivateKey::destroy); // refuses a key directory others can read
        Set<Long> generated = new HashSet<>();
        for (MixPrivateKey key :
                MixKeyFiles.generateMissing(dir, firstEpoch, firstEpoch + epochsAhead, random, e -> false)) {
            generated.add(key.epoch());
            key.destroy();
        }

        boolean newStoreKey = !PoolStoreKey.exists(dir);
        if (newStoreKey) {
            PoolStoreKey storeKey = PoolStoreKey.generate(random);
            try {
                storeKey.write(dir);
            } finally {
                storeKey.destroy();
            }
        }

        boolean newIdentity = !IdentityKeyFile.exists(dir);
        if (newIdentity) {
            IdentityKeyPair fresh = IdentityKeyPair.generate(random);
            try {
                IdentityKeyFile.write(dir, fresh);
            } finally {
                fresh.destroy();
            }
        }
        IdentityKeyPair identity = IdentityKeyFile.read(dir); // also checks it is owner-only and consistent
        try {
            return new Provisioned(Set.copyOf(generated), newStoreKey, newIdentity, identity.publicKeyHex());
        } finally {
            identity.destroy();
        }
    }
}
