package io.kafkamixnet.keys;

import java.nio.file.Path;

/**
 * The layout of a mixer's key directory ({@code keys.dir}): the one place that names every file in it.
 *
 * <pre>
 *   &lt;dir&gt;/                 0700, nothing but this mixer's secrets
 *     mix-&lt;epoch&gt;.key      X25519 epoch private key, one per epoch ({@link MixKeyFiles})
 *     pool-store.key       AES-256-GCM key sealing the pool store ({@link PoolStoreKey})
 *     identity.key         Ed25519 identity that signs descriptors ({@link IdentityKeyFile})
 *     .keyring.lock        lock held while epoch keys are generated ({@link KeyDirectoryLock})
 * </pre>
 * Every file is owner-only (0600), written through {@link OwnerOnlyFiles}. Instances of one mixer share
 * the pool-store key and the identity, and either one directory or copies of the epoch keys.
 */
public final class KeyDirectory {

    /** The pool-store key's file name. */
    public static final String POOL_STORE_KEY = "pool-store.key";
    /** The identity key's file name. */
    public static final String IDENTITY_KEY = "identity.key";
    /** The lock file's name: held while epoch keys are generated, so two processes never make two keys for one epoch. */
    public static final String LOCK_FILE = ".keyring.lock";

    private static final String EPOCH_KEY_PREFIX = "mix-";
    private static final String EPOCH_KEY_SUFFIX = ".key";
    /** The {@link java.nio.file.FileSystem#getPathMatcher glob} matching every epoch key's file name. */
    static final String EPOCH_KEY_GLOB = EPOCH_KEY_PREFIX + "*" + EPOCH_KEY_SUFFIX;

    private KeyDirectory() {}

    /** The file name of the epoch key of {@code epoch}: {@code mix-<epoch>.key}. */
    public static String epochKeyFileName(long epoch) {
        return EPOCH_KEY_PREFIX + epoch + EPOCH_KEY_SUFFIX;
    }

    /** {@code dir/mix-<epoch>.key}. */
    public static Path epochKeyFile(Path dir, long epoch) {
        return dir.resolve(epochKeyFileName(epoch));
    }

    /** {@code dir/pool-store.key}. */
    public static Path poolStoreKeyFile(Path dir) {
        return dir.resolve(POOL_STORE_KEY);
    }

    /** {@code dir/identity.key}. */
    public static Path identityKeyFile(Path dir) {
        return dir.resolve(IDENTITY_KEY);
    }

    /** {@code dir/.keyring.lock}. */
    public static Path lockFile(Path dir) {
        return dir.resolve(LOCK_FILE);
    }
}
