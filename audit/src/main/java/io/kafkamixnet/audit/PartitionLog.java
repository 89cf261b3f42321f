package io.kafkamixnet.audit;

import java.util.List;

/**
 * The data records of one topic partition in offset order, with its transaction markers counted.
 *
 * @param records data records only (control batches are applied to them, not listed)
 * @param commitMarkers COMMIT markers seen
 * @param abortMarkers ABORT markers seen
 */
public record PartitionLog(
        String topic, int partition, List<LoggedRecord> records, int commitMarkers, int abortMarkers) {

    public PartitionLog {
        records = List.copyOf(records);
    }
}
