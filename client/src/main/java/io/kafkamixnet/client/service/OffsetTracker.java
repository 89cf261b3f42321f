package io.kafkamixnet.client.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a service has read but not yet dealt with, per partition, so that it commits an offset
 * only when every record before it is done: at-least-once even though fragments of one request are
 * held across polls. Not thread-safe (the poll thread owns it); the futures may complete on any thread.
 *
 * <p>Public for consumers the library does not own, such as a Kafka Connect sink task whose
 * {@code preCommit} must return only the offsets of records already answered.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, TreeMap<Long, CompletableFuture<?>>> inFlight = new HashMap<>();

    /** Holds record {@code offset} of {@code partition} until {@code done} completes normally. */
    public void add(TopicPartition partition, long offset, CompletableFuture<?> done) {
        inFlight.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, done);
    }

    /**
     * The offsets to commit now: per partition, one past the last record of the longest prefix of
     * successfully done records. Those records are forgotten.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(inFlight.keySet());
    }

    /** As {@link #committable()}, for these partitions only. */
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition p : partitions) {
            TreeMap<Long, CompletableFuture<?>> records = inFlight.get(p);
            if (records == null) {
                continue;
            }
            long next = -1;
            Iterator<Map.Entry<Long, CompletableFuture<?>>> it =
                    records.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, CompletableFuture<?>> e = it.next();
                CompletableFuture<?> f = e.getValue();
                if (!f.isDone() || f.isCompletedExceptionally()) {
                    break;
                }
                next = e.getKey() + 1;
                it.remove();
            }
            if (next >= 0) {
                out.put(p, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    /** The first failure among the records held, if any. */
    public Throwable failure() {
        for (TreeMap<Long, CompletableFuture<?>> records : inFlight.values()) {
            for (CompletableFuture<?> f : records.values()) {
                if (f.isCompletedExceptionally()) {
                    try {
                        f.join();
                    } catch (RuntimeException e) {
                        return e.getCause() != null ? e.getCause() : e;
                    }
                }
            }
        }
        return null;
    }

    /** Drops what is held for these partitions (revoked or lost: their records will be read again elsewhere). */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(inFlight::remove);
    }

    /** Records held. */
    public int size() {
        int n = 0;
        for (TreeMap<Long, CompletableFuture<?>> records : inFlight.values()) {
            n += records.size();
        }
        return n;
    }
}
