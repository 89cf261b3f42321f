package io.kafkamixnet.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads a Kafka broker's log directory ({@code log.dirs}) the way its operator can: every {@code *.log}
 * segment of every partition, with Kafka's own {@link FileRecords} (what {@code kafka-dump-log} uses), read
 * only. This is where the producer id of each record batch and the transaction markers are: a consumer
 * sees neither.
 *
 * <p>A segment being written while it is read ends at the last whole batch. Partition directories
 * being deleted or moved ({@code -delete}, {@code -future}, {@code -stray}) and the KRaft metadata log are
 * skipped.
 */
public final class LogDirReader {

    /** Values up to this size are kept (descriptors, dead letters, counts, offsets); packets are not. */
    public static final int KEPT_VALUE_BYTES = 1536;

    /** Keys up to this size are kept (changelog and {@code __consumer_offsets} keys). */
    public static final int KEPT_KEY_BYTES = 512;

    private static final Pattern PARTITION_DIR = Pattern.compile("(.+)-(\\d+)");

    private LogDirReader() {}

    /**
     * Reads every partition directory under {@code logDir}.
     *
     * @throws IllegalArgumentException when {@code logDir} is not a directory holding partition directories
     * @throws UncheckedIOException when a segment cannot be read
     */
    public static TopicLogs read(Path logDir) {
        if (!Files.isDirectory(logDir)) {
            throw new IllegalArgumentException(
                    "expected a Kafka log directory (log.dirs), found no directory at " + logDir);
        }
        TopicLogs logs = new TopicLogs();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(logDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the log directory " + logDir, e);
        }
        int found = 0;
        for (Path dir : dirs) {
            Matcher m = PARTITION_DIR.matcher(dir.getFileName().toString());
            if (!m.matches() || m.group(1).equals("__cluster_metadata")) {
                continue;
            }
            found++;
            logs.add(readPartition(dir, m.group(1), Integer.parseInt(m.group(2))));
        }
        if (found == 0) {
            throw new IllegalArgumentException("expected partition directories (<topic>-<partition>) in " + logDir
                    + ", found none: is it the broker's log.dirs?");
        }
        return logs;
    }

    /** Reads one partition's segments in offset order and applies its transaction markers. */
    static PartitionLog readPartition(Path dir, String topic, int partition) {
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the partition directory " + dir, e);
        }
        List<LoggedRecord> records = new ArrayList<>();
        // Records of each producer's transaction still waiting for its marker.
        Map<Long, Deque<LoggedRecord>> pending = new HashMap<>();
        int commits = 0;
        int aborts = 0;
        for (Path segment : segments) {
            try (FileRecords file = FileRecords.open(segment.toFile(), false)) {
                for (FileChannelRecordBatch batch : file.batches()) {
                    if (batch.isControlBatch()) {
                        ControlRecordType type = controlType(batch);
                        if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                            TxnOutcome outcome =
                                    type == ControlRecordType.COMMIT ? TxnOutcome.COMMITTED : TxnOutcome.ABORTED;
                            Deque<LoggedRecord> open = pending.remove(batch.producerId());
                            if (open != null) {
                                for (LoggedRecord r : open) {
                                    r.end(outcome, batch.maxTimestamp());
                                }
                            }
                            if (outcome == TxnOutcome.COMMITTED) {
                                commits++;
                            } else {
                                aborts++;
                            }
                        }
                        continue;
                    }
                    boolean logAppend = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
                    for (Record r : batch) {
                        int valueSize = r.hasValue() ? r.valueSize() : -1;
                        byte[] value = null;
                        if (valueSize >= 0 && valueSize <= KEPT_VALUE_BYTES) {
                            value = new byte[valueSize];
                            r.value().get(value);
                        }
                        byte[] key = null;
                        if (r.hasKey() && r.keySize() <= KEPT_KEY_BYTES) {
                            key = new byte[r.keySize()];
                            r.key().get(key);
                        }
                        LoggedRecord lr = new LoggedRecord(
                                topic,
                                partition,
                                r.offset(),
                                logAppend ? batch.maxTimestamp() : r.timestamp(),
                                logAppend,
                                batch.producerId(),
                                batch.producerEpoch(),
                                batch.isTransactional(),
                                r.hasKey() ? r.keySize() : -1,
                                key,
                                valueSize,
                                value,
                                r.headers().length);
                        records.add(lr);
                        if (batch.isTransactional()) {
                            pending.computeIfAbsent(batch.producerId(), p -> new ArrayDeque<>())
                                    .add(lr);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the log segment " + segment, e);
            }
        }
        return new PartitionLog(topic, partition, records, commits, aborts);
    }

    private static ControlRecordType controlType(FileChannelRecordBatch batch) {
        for (Record r : batch) {
            ByteBuffer key = r.key();
            return key == null ? ControlRecordType.UNKNOWN : ControlRecordType.parse(key);
        }
        return ControlRecordType.UNKNOWN;
    }
}
