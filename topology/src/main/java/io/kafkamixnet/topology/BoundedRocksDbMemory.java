package io.kafkamixnet.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of this process together ({@code state.rocksdb.memory-mib}),
 * as the Kafka Streams memory-management guide does: one LRU block cache shared by all stores, index
 * and filter blocks cached in it (at high priority, top-level index pinned), and a write buffer manager
 * that counts every memtable against the same cache. Without it each store of each task gets its own
 * 50 MiB block cache and up to three 16 MiB memtables, so a mixer's RSS grows with its tasks and
 * stores.
 *
 * <p>Kafka Streams creates one setter per store by class name; the cache and manager are shared per
 * bound (one per process for the usual single mixer) and never closed, as every store uses them until
 * the process exits.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The Kafka Streams property (a custom one, passed through to the setter) holding the bound in bytes. */
    public static final String BYTES_CONFIG = "mixnet.rocksdb.memory.bytes";

    /** Share of the bound the memtables may take. */
    private static final double MEMTABLE_SHARE = 0.25;
    /** Share of the cache kept for index and filter blocks. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;
    /** Largest memtable of one store. */
    private static final long MAX_MEMTABLE_BYTES = 16L << 20;

    private static final Map<Long, Shared> SHARED = new HashMap<>();

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

    private static synchronized Shared shared(long bytes) {
        return SHARED.computeIfAbsent(bytes, b -> {
            Cache cache = new LRUCache(b, -1, false, HIGH_PRIORITY_SHARE);
            return new Shared(cache, new WriteBufferManager((long) (b * MEMTABLE_SHARE), cache));
        });
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object value = configs.get(BYTES_CONFIG);
        long bytes;
        try {
            bytes = value == null ? 0 : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BYTES_CONFIG + " should be a number of bytes, found '" + value + "'", e);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException(BYTES_CONFIG + " should be positive, found " + bytes);
        }
        Shared s = shared(bytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(s.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(s.writeBuffers());
        options.setWriteBufferSize(Math.min(MAX_MEMTABLE_BYTES, Math.max(1L << 20, bytes / 8)));
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: never closed here.
    }
}
