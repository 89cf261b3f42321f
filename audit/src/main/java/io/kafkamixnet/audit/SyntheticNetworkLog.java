package io.kafkamixnet.audit;

import io.kafkamixnet.topology.TopologyNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Writes the log directory a timed mixer leaves on a broker, with Kafka's own record classes, for the
 * audit benchmark: idempotent clients (one producer id each) writing packets to the ingress topic
 * (LogAppendTime); per round one transaction of the mixer's producer with a held-count record and a sealed
 * pool entry per intake, the shuffled outputs on a two-partition exit topic, the pool's deletes, the count
 * back to 0 and the consumer offset commit, then a COMMIT marker in every partition it touched.
 */
public final class SyntheticNetworkLog {

    static final String APP = "bench-mixer";
    static final String INGRESS = "bench.in";
    static final String EXIT = "bench.exit";
    static final int PACKET_BYTES = 2048 + 64;
    static final int ENTRY_BYTES = 2048 + 89 + 28;
    static final long MIXER_PID = 1_000_000;

    private final Path dir;
    // Seeded on purpose: benchmark input that reproduces run to run; it holds no key, shuffle or delay
    // of a real mixer, so SecureRandom (the rule for those) buys nothing here.
    private final Random random;
    private final Map<String, FileRecords> files = new HashMap<>();
    private final Map<String, Long> nextOffset = new HashMap<>();
    private long records;

    private SyntheticNetworkLog(Path dir, long seed) {
        this.dir = dir;
        this.random = new Random(seed);
    }

    /**
     * Writes {@code rounds} rounds of 1..{@code maxBatch} packets from {@code clients} clients into
     * {@code dir}, one second apart.
     *
     * @return data records written
     */
    public static long write(Path dir, int rounds, int maxBatch, int clients, long seed) {
        return write(dir, rounds, maxBatch, clients, seed, 1, 2);
    }

    /**
     * As {@link #write(Path, int, int, int, long)}, with {@code roundsPerTransaction} releases committed in
     * each transaction (as when a mixer releases faster than it commits) over {@code exitPartitions}.
     */
    public static long write(
            Path dir, int rounds, int maxBatch, int clients, long seed, int roundsPerTransaction, int exitPartitions) {
        SyntheticNetworkLog log = new SyntheticNetworkLog(dir, seed);
        try {
            log.writeAll(rounds, maxBatch, clients, roundsPerTransaction, exitPartitions);
            return log.records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic log under " + dir, e);
        } finally {
            log.files.values().forEach(f -> {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // best effort
                }
            });
        }
    }

    private void writeAll(int rounds, int maxBatch, int clients, int roundsPerTransaction, int exitPartitions)
            throws IOException {
        String meta = APP + "-" + TopologyNames.POOL_META_STORE + "-changelog";
        String pool = APP + "-" + TopologyNames.POOL_STORE + "-changelog";
        byte[] packet = new byte[PACKET_BYTES];
        byte[] entry = new byte[ENTRY_BYTES];
        random.nextBytes(packet);
        random.nextBytes(entry);
        long t = 1_700_000_000_000L;
        for (int round = 0; round < rounds; round += roundsPerTransaction) {
            MemoryRecordsBuilder metaBatch = builder(meta + "-0", TimestampType.CREATE_TIME, t, MIXER_PID, true);
            MemoryRecordsBuilder poolBatch = builder(pool + "-0", TimestampType.CREATE_TIME, t, MIXER_PID, true);
            MemoryRecordsBuilder[] exits = new MemoryRecordsBuilder[exitPartitions];
            int[] perExit = new int[exitPartitions];
            long release = t;
            for (int r = round; r < Math.min(rounds, round + roundsPerTransaction); r++) {
                int b = 1 + random.nextInt(maxBatch);
                long[] arrivals = new long[b];
                for (int i = 0; i < b; i++) {
                    arrivals[i] = t + 1 + random.nextInt(900);
                }
                java.util.Arrays.sort(arrivals);
                for (int i = 0; i < b; i++) {
                    long client = random.nextInt(clients);
                    MemoryRecordsBuilder in =
                            builder(INGRESS + "-0", TimestampType.LOG_APPEND_TIME, arrivals[i], client, false);
                    in.append(arrivals[i], null, packet);
                    append(INGRESS + "-0", in);
                }
                release = t + 1000;
                byte[][] keys = new byte[b][];
                for (int i = 0; i < b; i++) {
                    keys[i] = new byte[16];
                    random.nextBytes(keys[i]);
                    poolBatch.append(arrivals[i], keys[i], entry);
                    metaBatch.append(arrivals[i], "#held".getBytes(StandardCharsets.US_ASCII), count(i + 1));
                }
                for (int i = 0; i < b; i++) {
                    int p = random.nextInt(exitPartitions);
                    if (exits[p] == null) {
                        exits[p] = builder(EXIT + "-" + p, TimestampType.LOG_APPEND_TIME, release, MIXER_PID, true);
                    }
                    exits[p].append(release, null, packet);
                    perExit[p]++;
                }
                for (int i = 0; i < b; i++) {
                    poolBatch.append(release, keys[i], null);
                }
                metaBatch.append(release, "#held".getBytes(StandardCharsets.US_ASCII), count(0));
                t += 1000;
            }
            MemoryRecordsBuilder offsets =
                    builder("__consumer_offsets-0", TimestampType.CREATE_TIME, release, MIXER_PID, true);
            offsets.append(release, offsetKey(APP, INGRESS, 0), offsetValue(nextOffset.get(INGRESS + "-0")));
            append(meta + "-0", metaBatch);
            append(pool + "-0", poolBatch);
            append("__consumer_offsets-0", offsets);
            for (int p = 0; p < exitPartitions; p++) {
                if (perExit[p] > 0) {
                    append(EXIT + "-" + p, exits[p]);
                }
            }
            long commit = release + 5;
            marker(meta + "-0", commit);
            marker(pool + "-0", commit);
            marker("__consumer_offsets-0", commit);
            for (int p = 0; p < exitPartitions; p++) {
                if (perExit[p] > 0) {
                    marker(EXIT + "-" + p, commit);
                }
            }
        }
    }

    private MemoryRecordsBuilder builder(
            String partition, TimestampType type, long appendTime, long producerId, boolean transactional) {
        return MemoryRecords.builder(
                ByteBuffer.allocate(1 << 16),
                RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE,
                type,
                nextOffset.getOrDefault(partition, 0L),
                type == TimestampType.LOG_APPEND_TIME ? appendTime : RecordBatch.NO_TIMESTAMP,
                producerId,
                (short) 0,
                0,
                transactional,
                0);
    }

    private void append(String partition, MemoryRecordsBuilder b) throws IOException {
        MemoryRecords built = b.build();
        int n = 0;
        for (var batch : built.batches()) {
            n += (int) (batch.lastOffset() - batch.baseOffset() + 1);
        }
        file(partition).append(built);
        nextOffset.merge(partition, (long) n, Long::sum);
        records += n;
    }

    private void marker(String partition, long timestamp) throws IOException {
        MemoryRecords m = MemoryRecords.withEndTransactionMarker(
                nextOffset.getOrDefault(partition, 0L),
                timestamp,
                0,
                MIXER_PID,
                (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));
        file(partition).append(m);
        nextOffset.merge(partition, 1L, Long::sum);
    }

    private FileRecords file(String partition) throws IOException {
        FileRecords f = files.get(partition);
        if (f == null) {
            Path p = dir.resolve(partition);
            Files.createDirectories(p);
            f = FileRecords.open(p.resolve("00000000000000000000.log").toFile(), true, false, 0, false);
            files.put(partition, f);
        }
        return f;
    }

    private static byte[] count(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private static byte[] offsetKey(String group, String topic, int partition) {
        byte[] g = group.getBytes(StandardCharsets.UTF_8);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + 2 + g.length + 2 + t.length + 4)
                .putShort((short) 1)
                .putShort((short) g.length)
                .put(g)
                .putShort((short) t.length)
                .put(t)
                .putInt(partition)
                .array();
    }

    private static byte[] offsetValue(long offset) {
        return ByteBuffer.allocate(2 + 8 + 4 + 2 + 8)
                .putShort((short) 3)
                .putLong(offset)
                .array();
    }
}
