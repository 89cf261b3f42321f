package io.kafkamixnet.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Derives who sent each record of a topic partition from the broker's log segments, as a broker
 * operator can: every record batch carries the producer id the broker assigned to the producing
 * client (Kafka's idempotent producer, on by default), and one client's producer keeps its id. Reads
 * the segment files read-only with kafka-clients' own {@link FileRecords}; a batch still being
 * written at the end of the active segment is left out, as Kafka's own reader does.
 */
public final class LogSegmentEntries {

    private LogSegmentEntries() {}

    /**
     * The data records (control batches left out) of {@code topic}-{@code partition} under the broker's
     * {@code log.dirs} directory {@code logDir}, in offset order.
     *
     * @throws IOException if the partition's directory is not under {@code logDir} or a segment cannot
     *     be read
     */
    public static List<EntryObservation> read(Path logDir, String topic, int partition) throws IOException {
        Path dir = logDir.resolve(topic + "-" + partition);
        if (!Files.isDirectory(dir)) {
            throw new IOException("expected the log directory of partition " + topic + "-" + partition + " at " + dir
                    + "; found none (is " + logDir + " the broker's log.dirs?)");
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            // Segment files are named by their base offset, zero-padded: name order is offset order.
            segments = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
        List<EntryObservation> out = new ArrayList<>();
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    if (batch.isControlBatch()) {
                        continue;
                    }
                    String sender = batch.producerId() == RecordBatch.NO_PRODUCER_ID
                            ? "no-producer-id"
                            : "producer-" + batch.producerId();
                    for (Record r : batch) {
                        out.add(new EntryObservation(r.offset(), r.timestamp(), sender));
                    }
                }
            }
        }
        return out;
    }
}
