package io.kafkamixnet.topology.internals;

import io.kafkamixnet.directory.EpochSchedule;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay tags one stream task has seen, per epoch, in its changelogged {@code replay-tags}
 * store. Key {@code epoch (8 bytes, big-endian) || tag}, value one byte. A tag is recorded only for a
 * packet about to be held, and the tags of an epoch are purged once the epoch is no longer accepted
 * (its packets are refused by epoch then, and its key is destroyed).
 *
 * <p>Not thread-safe: one per stream task, used from its stream thread.
 */
public final class ReplayTags {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayTags.class);
    private static final byte[] SEEN = {1};
    /** Bounds the work of one purge; the rest goes at the next one. */
    static final int MAX_PURGE_PER_ROUND = 100_000;

    private final KeyValueStore<Bytes, byte[]> store;
    private final EpochSchedule schedule;
    private final String taskId;

    public ReplayTags(KeyValueStore<Bytes, byte[]> store, EpochSchedule schedule, String taskId) {
        this.store = Objects.requireNonNull(store, "store");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.taskId = taskId;
    }

    /**
     * Records {@code tag} under {@code epoch} unless it was seen before.
     *
     * @return true if it is new (and now recorded), false for a replay (nothing written)
     */
    public boolean recordIfNew(long epoch, byte[] tag) {
        Bytes key = tagKey(epoch, tag);
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, SEEN);
        return true;
    }

    /** Deletes the tags of epochs that are no longer accepted at {@code nowMillis}: their packets are refused anyway. */
    public void purgeRetired(long nowMillis) {
        long oldest = schedule.acceptedEpochs(nowMillis).get(0);
        if (oldest <= 0) {
            return;
        }
        List<Bytes> retired = new ArrayList<>();
        // Keys are epoch (8 bytes, big-endian, non-negative) || tag; the bare 8-byte prefix of the
        // oldest accepted epoch sorts before all of that epoch's keys.
        try (KeyValueIterator<Bytes, byte[]> it = store.range(
                Bytes.wrap(new byte[8]),
                Bytes.wrap(ByteBuffer.allocate(8).putLong(oldest).array()))) {
            while (it.hasNext() && retired.size() < MAX_PURGE_PER_ROUND) {
                retired.add(it.next().key);
            }
        }
        retired.forEach(store::delete);
        if (!retired.isEmpty()) {
            LOG.debug("Task {}: purged {} replay tag(s) of epochs before {}", taskId, retired.size(), oldest);
        }
    }

    /** Store key of {@code tag} under {@code epoch}. */
    static Bytes tagKey(long epoch, byte[] tag) {
        return Bytes.wrap(
                ByteBuffer.allocate(8 + tag.length).putLong(epoch).put(tag).array());
    }
}
