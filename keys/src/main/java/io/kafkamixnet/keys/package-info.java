/**
 * A mixer's key directory ({@code keys.dir}): the one place that knows its layout, writes and checks
 * its owner-only files, and locks it while epoch keys are generated.
 *
 * <p>{@link io.kafkamixnet.keys.KeyDirectory} names every file; {@link io.kafkamixnet.keys.OwnerOnlyFiles}
 * creates (0600 files, 0700 directories, never half a file, never an accidental overwrite) and checks
 * them; {@link io.kafkamixnet.keys.KeyDirectoryLock} is the generation lock. One class per kind of key
 * file: {@link io.kafkamixnet.keys.MixKeyFiles} (X25519 epoch keys, the {@code packet} module's
 * {@code MixPrivateKey}), {@link io.kafkamixnet.keys.PoolStoreKey} (the pool store's sealing key) and
 * {@link io.kafkamixnet.keys.IdentityKeyFile} (the Ed25519 identity, as a raw
 * {@link io.kafkamixnet.keys.IdentityKeyPair}). {@link io.kafkamixnet.keys.MixerKeys} provisions a whole
 * directory ({@code mixnet keygen}).
 *
 * <p>No Kafka. Files are written only through {@link io.kafkamixnet.keys.OwnerOnlyFiles}: the key
 * directory's, and the {@code directory} module's trust-pin file ({@code TrustPolicy}), which is
 * owner-only for the same reason. Which epochs' keys a mixer holds and accepts is the
 * {@code directory} module's {@code EpochKeyRing}; it uses this package for every file it touches. No
 * file content, private key or secret appears in an exception message or {@code toString}.
 */
package io.kafkamixnet.keys;
