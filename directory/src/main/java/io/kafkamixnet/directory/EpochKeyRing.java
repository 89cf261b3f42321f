package io.kafkamixnet.directory;

import io.kafkamixnet.keys.KeyDirectoryLock;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.packet.MixPrivateKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mixer's epoch keys: the X25519 private keys it holds in a key directory ({@link MixKeyFiles}:
 * {@code mix-<epoch>.key}, owner-only), read and generated according to an {@link EpochSchedule}. The
 * files, the lock and the permissions belong to the keys module; this class decides which epochs' keys
 * exist and are accepted.
 *
 * <ul>
 *   <li>{@link #acceptedKeys} — the keys whose packets the mixer must accept now (previous epoch in
 *       grace, current, next), generating a missing current or next key first;</li>
 *   <li>{@link #announcement} — the same keys as {@link EpochPublicKey}s with their validity, for the
 *       descriptor;</li>
 *   <li>{@link #keyFor} — the hot-path lookup for an envelope's epoch: memory only, no I/O;</li>
 *   <li>{@link #purgeExpired} — deletes and destroys keys whose grace has ended (forward secrecy: a
 *       seized machine cannot decrypt packets recorded earlier). Drop the epoch's replay-tag store
 *       with it.</li>
 * </ul>
 *
 * <p>Generation happens under the directory's exclusive {@link KeyDirectoryLock}
 * ({@code <dir>/.keyring.lock}) after re-reading the directory, so processes sharing one key directory
 * never generate two different keys for an epoch.
 * Instances of one mixer on different machines must share keys: either give them one directory or
 * pre-generate keys with {@link #generateAhead} and copy them, and open the ring with
 * {@code generateMissing = false} on every machine but one. Thread-safe.
 */
public final class EpochKeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(EpochKeyRing.class);

    private final Path dir;
    private final EpochSchedule schedule;
    private final SecureRandom random;
    private final boolean generateMissing;
    private final TreeMap<Long, MixPrivateKey> keys = new TreeMap<>();

    private EpochKeyRing(Path dir, EpochSchedule schedule, SecureRandom random, boolean generateMissing) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.random = Objects.requireNonNull(random, "random");
        this.generateMissing = generateMissing;
    }

    /** The ring of {@code dir} (created 0700 if missing), generating missing keys on demand. */
    public static EpochKeyRing open(Path dir, EpochSchedule schedule) throws IOException {
        return open(dir, schedule, new SecureRandom(), true);
    }

    /**
     * The ring of {@code dir}: loads every key already there.
     *
     * @param generateMissing whether a missing current or next key is generated; if false, it is logged
     *                        and left out until it appears in the directory
     * @throws IOException if a key file is malformed or accessible to group or others
     */
    public static EpochKeyRing open(Path dir, EpochSchedule schedule, SecureRandom random, boolean generateMissing)
            throws IOException {
        EpochKeyRing ring = new EpochKeyRing(dir, schedule, random, generateMissing);
        ring.reload();
        return ring;
    }

    public EpochSchedule schedule() {
        return schedule;
    }

    public Path directory() {
        return dir;
    }

    /**
     * The keys to accept at {@code nowMillis}, ascending by epoch: the previous epoch's while in grace
     * (if it exists; past keys are never generated), the current and the next. A missing current or next
     * key is first read from the directory (another process may have made it) or generated.
     */
    public synchronized List<MixPrivateKey> acceptedKeys(long nowMillis) throws IOException {
        long current = schedule.epochAt(nowMillis);
        ensure(current, current + 1);
        List<MixPrivateKey> accepted = new ArrayList<>(3);
        for (long epoch : schedule.acceptedEpochs(nowMillis)) {
            MixPrivateKey k = keys.get(epoch);
            if (k != null) {
                accepted.add(k);
            }
        }
        return List.copyOf(accepted);
    }

    /** The public side of {@link #acceptedKeys}, with each epoch's validity from the schedule: what a descriptor announces. */
    public synchronized List<EpochPublicKey> announcement(long nowMillis) throws IOException {
        return acceptedKeys(nowMillis).stream()
                .map(k -> EpochPublicKey.of(k.publicKey(), schedule))
                .toList();
    }

    /** The key of {@code epoch} if the schedule accepts that epoch at {@code nowMillis} and the ring holds it. Memory only. */
    public synchronized Optional<MixPrivateKey> keyFor(long epoch, long nowMillis) {
        if (!schedule.accepts(epoch, nowMillis)) {
            return Optional.empty();
        }
        return Optional.ofNullable(keys.get(epoch));
    }

    /**
     * Makes sure keys exist for the current epoch and the {@code epochsAhead} following ones (e.g. to
     * pre-generate a day of keys and copy them to every instance of a mixer); generates them even when
     * the ring was opened without on-demand generation.
     *
     * @return the epochs generated now
     */
    public synchronized List<Long> generateAhead(long nowMillis, int epochsAhead) throws IOException {
        if (epochsAhead < 0 || epochsAhead > 10_000) {
            throw new IllegalArgumentException("epochsAhead must be in 0..10000, found " + epochsAhead);
        }
        long current = schedule.epochAt(nowMillis);
        return generate(current, current + epochsAhead);
    }

    /**
     * Deletes (overwritten with zeros first, as far as the file system allows) and destroys every key
     * whose grace has ended at {@code nowMillis}. Callers must not keep references to keys across this
     * call: a destroyed key refuses to unwrap.
     *
     * @return the epochs purged, ascending
     */
    public synchronized List<Long> purgeExpired(long nowMillis) throws IOException {
        reload();
        List<Long> purged = new ArrayList<>();
        var it = keys.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, MixPrivateKey> e = it.next();
            long epoch = e.getKey();
            if (schedule.graceUntilMillis(epoch) > nowMillis) {
                break; // ascending: every later key is still needed
            }
            MixKeyFiles.wipeAndDelete(dir, epoch);
            e.getValue().destroy();
            it.remove();
            purged.add(epoch);
        }
        if (!purged.isEmpty()) {
            LOG.info("Purged expired epoch keys {} from {}", purged, dir);
        }
        return purged;
    }

    /** The epochs the ring holds, ascending. */
    public synchronized List<Long> epochs() {
        return List.copyOf(keys.keySet());
    }

    private void ensure(long fromEpoch, long toEpoch) throws IOException {
        if (!missing(fromEpoch, toEpoch)) {
            return;
        }
        reload();
        if (!missing(fromEpoch, toEpoch)) {
            return;
        }
        if (generateMissing) {
            generate(fromEpoch, toEpoch);
        } else {
            LOG.warn(
                    "No key in {} for some of epochs {}..{} and generation is off: they are not accepted or announced "
                            + "until their key files appear",
                    dir,
                    fromEpoch,
                    toEpoch);
        }
    }

    private boolean missing(long fromEpoch, long toEpoch) {
        for (long e = fromEpoch; e <= toEpoch; e++) {
            if (!keys.containsKey(e)) {
                return true;
            }
        }
        return false;
    }

    private List<Long> generate(long fromEpoch, long toEpoch) throws IOException {
        // Skips epochs found on disk under the lock and epochs this ring holds (also if their file is gone).
        List<MixPrivateKey> fresh = MixKeyFiles.generateMissing(dir, fromEpoch, toEpoch, random, keys::containsKey);
        List<Long> generated = new ArrayList<>(fresh.size());
        for (MixPrivateKey key : fresh) {
            keys.put(key.epoch(), key);
            generated.add(key.epoch());
        }
        reload(); // whatever another process generated for the other epochs
        if (!generated.isEmpty()) {
            LOG.info("Generated epoch keys {} in {}", generated, dir);
        }
        return generated;
    }

    /** Adds keys found on disk that the ring does not hold yet; keeps the objects it already has. */
    private void reload() throws IOException {
        for (MixPrivateKey k : MixKeyFiles.readAll(dir)) {
            if (keys.containsKey(k.epoch())) {
                k.destroy();
            } else {
                keys.put(k.epoch(), k);
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "EpochKeyRing[" + dir + ", epochs=" + keys.keySet() + ", " + schedule + "]";
    }
}
