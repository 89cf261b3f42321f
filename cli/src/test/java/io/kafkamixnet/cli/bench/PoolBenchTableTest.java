package io.kafkamixnet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PoolBench#printTable}: the memory table's rows line up with its header, RocksDB bound included. */
class PoolBenchTableTest {

    @Test
    void theMemoryRowsGiveTheRocksDbBoundUnderItsHeader() {
        PoolBench.Result r = new PoolBench.Result(
                10000,
                "256m",
                64,
                869,
                5000,
                2199,
                94,
                List.of(new PoolBench.MemorySample("empty", 0, 16.8, 186.0)),
                4.6,
                10000);
        StringWriter text = new StringWriter();
        PoolBench.printTable(List.of(r), new PrintWriter(text, true));
        List<String> lines = text.toString().lines().toList();
        int header = 0;
        while (!lines.get(header).contains("RocksDB")) {
            header++;
        }
        String head = lines.get(header);
        String heapRow = lines.get(header + 1);
        String rssRow = lines.get(header + 2);
        // The bound sits under "RocksDB", and the "empty" values end where the "empty" header ends.
        int rocksDb = head.indexOf("RocksDB");
        assertThat(heapRow.substring(rocksDb, rocksDb + 7).trim()).isEqualTo("64");
        int emptyEnd = head.indexOf("empty") + "empty".length();
        assertThat(heapRow.substring(0, emptyEnd)).endsWith("17");
        assertThat(rssRow.substring(0, emptyEnd)).endsWith("186");
    }
}
