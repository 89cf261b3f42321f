package io.kafkamixnet.topology;

import io.kafkamixnet.packet.MixKeyFiles;
import io.kafkamixnet.packet.MixPrivateKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private keys a mixer holds, by epoch: those of accepted epochs (current, previous in its
 * grace) and of future epochs written ahead by {@code mixnet keygen}.
 *
 * <p>Thread-safe: stream threads look keys up while {@link #refresh} (from the application's
 * housekeeping thread) adds keys that appeared in the key directory and destroys keys of epochs that
 * are no longer accepted. A key is therefore destroyed about when its replay tags are purged, and a
 * packet of a retired epoch is refused as an unknown epoch. Key files are not deleted: whether old
 * key files are wiped is the operator's decision (do it for forward secrecy).
 */
public final class EpochKeyring {

    private static final Logger LOG = LoggerFactory.getLogger(EpochKeyring.class);

    private final Path directory;
    private volatile NavigableMap<Long, MixPrivateKey> keys;

    private EpochKeyring(Path directory, NavigableMap<Long, MixPrivateKey> keys) {
        this.directory = directory;
        this.keys = keys;
    }

    /** A keyring of fixed keys (tests, embedded use); {@link #refresh} only retires keys. */
    public static EpochKeyring of(List<MixPrivateKey> keys) {
        NavigableMap<Long, MixPrivateKey> m = new TreeMap<>();
        for (MixPrivateKey k : keys) {
            if (m.put(k.epoch(), k) != null) {
                throw new IllegalArgumentException("two keys for epoch " + k.epoch());
            }
        }
        return new EpochKeyring(null, m);
    }

    /** The keys in {@code dir} ({@code mix-<epoch>.key}, owner-only), refreshed from there later. */
    public static EpochKeyring load(Path dir) throws IOException {
        EpochKeyring ring = new EpochKeyring(dir, new TreeMap<>());
        ring.reload();
        return ring;
    }

    private synchronized void reload() throws IOException {
        NavigableMap<Long, MixPrivateKey> next = new TreeMap<>(keys);
        for (MixPrivateKey k : MixKeyFiles.readAll(directory)) {
            if (next.containsKey(k.epoch())) {
                k.destroy();
            } else {
                next.put(k.epoch(), k);
            }
        }
        keys = next;
    }

    /**
     * Re-reads the key directory (if this keyring has one) and destroys keys of epochs older than
     * {@code schedule.oldestAccepted(nowMillis)}. Logs a warning when the current epoch has no key.
     */
    public synchronized void refresh(EpochSchedule schedule, long nowMillis) throws IOException {
        if (directory != null) {
            reload();
        }
        long oldest = schedule.oldestAccepted(nowMillis);
        NavigableMap<Long, MixPrivateKey> next = new TreeMap<>(keys);
        Map<Long, MixPrivateKey> retired = next.headMap(oldest, false);
        retired.values().forEach(MixPrivateKey::destroy);
        if (!retired.isEmpty()) {
            LOG.info("Retired the keys of epochs {}", retired.keySet());
        }
        retired.clear();
        keys = next;
        long current = schedule.epochAt(nowMillis);
        if (!keys.containsKey(current)) {
            LOG.warn("No key for the current epoch {} in {}: every packet of this epoch is refused; run mixnet keygen",
                    current, directory == null ? "the keyring" : directory);
        }
    }

    /** The key of {@code epoch}, if held and not retired. */
    public Optional<MixPrivateKey> key(long epoch) {
        MixPrivateKey k = keys.get(epoch);
        return k == null || k.isDestroyed() ? Optional.empty() : Optional.of(k);
    }

    /** Epochs this keyring holds keys for, ascending. */
    public List<Long> epochs() {
        return List.copyOf(keys.keySet());
    }

    /** The directory keys come from, if any. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    @Override
    public String toString() {
        return "EpochKeyring[epochs=" + keys.keySet() + (directory == null ? "" : ", dir=" + directory) + "]";
    }
}
