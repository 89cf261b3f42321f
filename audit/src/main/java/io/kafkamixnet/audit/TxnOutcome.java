package io.kafkamixnet.audit;

/** What became of a record's transaction, as the log's control markers say. */
public enum TxnOutcome {
    /** Written outside any transaction (e.g. an idempotent client producer): visible at once. */
    NON_TRANSACTIONAL,
    /** Its producer's next marker in the partition is a COMMIT: read_committed consumers see it. */
    COMMITTED,
    /** Its producer's next marker in the partition is an ABORT: only read_uncommitted consumers ever saw it. */
    ABORTED,
    /** No marker yet: visible to read_uncommitted consumers only, for now. */
    OPEN;

    /** True when a read_committed consumer sees the record. */
    public boolean visibleCommitted() {
        return this == NON_TRANSACTIONAL || this == COMMITTED;
    }
}
