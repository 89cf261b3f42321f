package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transaction outcomes and producer ids as the segments hold them, written with Kafka's own record classes. */
class LogDirReaderTest {

    @Test
    void markersDecideWhatReadCommittedReadersSee(@TempDir Path dir) throws Exception {
        Path partition = Files.createDirectories(dir.resolve("t.out-0"));
        try (FileRecords f =
                FileRecords.open(partition.resolve("00000000000000000000.log").toFile(), true, false, 0, false)) {
            // Producer 7 commits two records; producer 8 aborts one; producer 7 leaves one open;
            // producer 9 is idempotent, outside transactions.
            f.append(MemoryRecords.withTransactionalRecords(0L, Compression.NONE, 7L, (short) 0, 0, 0, rec(1), rec(2)));
            f.append(MemoryRecords.withTransactionalRecords(2L, Compression.NONE, 8L, (short) 0, 0, 0, rec(3)));
            f.append(marker(3L, 7L, ControlRecordType.COMMIT, 1000));
            f.append(MemoryRecords.withIdempotentRecords(4L, Compression.NONE, 9L, (short) 0, 0, 0, rec(4)));
            f.append(marker(5L, 8L, ControlRecordType.ABORT, 1100));
            f.append(MemoryRecords.withTransactionalRecords(6L, Compression.NONE, 7L, (short) 0, 2, 0, rec(5)));
        }
        PartitionLog log = LogDirReader.read(dir).partitions("t.out").get(0);
        List<LoggedRecord> r = log.records();
        assertThat(r).extracting(LoggedRecord::offset).containsExactly(0L, 1L, 2L, 4L, 6L);
        assertThat(r).extracting(LoggedRecord::producerId).containsExactly(7L, 7L, 8L, 9L, 7L);
        assertThat(r)
                .extracting(LoggedRecord::outcome)
                .containsExactly(
                        TxnOutcome.COMMITTED,
                        TxnOutcome.COMMITTED,
                        TxnOutcome.ABORTED,
                        TxnOutcome.NON_TRANSACTIONAL,
                        TxnOutcome.OPEN);
        assertThat(r.get(0).markerTimestamp()).isEqualTo(1000);
        assertThat(r.get(2).markerTimestamp()).isEqualTo(1100);
        assertThat(r.get(4).markerTimestamp()).isEqualTo(-1);
        assertThat(log.commitMarkers()).isEqualTo(1);
        assertThat(log.abortMarkers()).isEqualTo(1);
        assertThat(r.get(0).value()).containsExactly(1);
        assertThat(r.get(0).keyLength()).isEqualTo(-1);
    }

    @Test
    void aDirectoryWithoutPartitionsIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("something"));
        Files.createDirectories(dir.resolve("t-0.abc123-delete"));
        assertThatThrownBy(() -> LogDirReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found none");
        assertThatThrownBy(() -> LogDirReader.read(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found no directory");
    }

    private static SimpleRecord rec(int v) {
        return new SimpleRecord(System.currentTimeMillis(), null, new byte[] {(byte) v});
    }

    private static MemoryRecords marker(long offset, long pid, ControlRecordType type, long timestamp) {
        return MemoryRecords.withEndTransactionMarker(
                offset, timestamp, 0, pid, (short) 0, new EndTransactionMarker(type, 0));
    }
}
