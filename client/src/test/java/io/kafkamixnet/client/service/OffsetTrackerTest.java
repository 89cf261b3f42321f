package io.kafkamixnet.client.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("exit", 0);
    private static final TopicPartition P1 = new TopicPartition("exit", 1);

    @Test
    void commitsOnlyThePrefixOfDoneRecords() {
        OffsetTracker t = new OffsetTracker();
        CompletableFuture<Object> r10 = new CompletableFuture<>();
        CompletableFuture<Object> r11 = new CompletableFuture<>();
        CompletableFuture<Object> r12 = new CompletableFuture<>();
        t.add(P0, 10, r10);
        t.add(P0, 11, r11);
        t.add(P0, 12, r12);
        t.add(P1, 5, CompletableFuture.completedFuture(null));
        r11.complete(null);
        r12.complete(null);
        // Record 10 (a fragment of a request still being reassembled) holds back 11 and 12.
        assertThat(t.committable()).containsOnlyKeys(P1).containsEntry(P1, new OffsetAndMetadata(6));
        r10.complete(null);
        assertThat(t.committable()).containsOnlyKeys(P0).containsEntry(P0, new OffsetAndMetadata(13));
        assertThat(t.size()).isZero();
    }

    @Test
    void aFailedRecordIsNeverCommittedAndIsReported() {
        OffsetTracker t = new OffsetTracker();
        CompletableFuture<Object> failed = new CompletableFuture<>();
        t.add(P0, 1, CompletableFuture.completedFuture(null));
        t.add(P0, 2, failed);
        t.add(P0, 3, CompletableFuture.completedFuture(null));
        assertThat(t.failure()).isNull();
        failed.completeExceptionally(new IllegalStateException("produce failed"));
        assertThat(t.committable()).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(t.committable()).isEmpty();
        assertThat(t.failure()).hasMessage("produce failed");
    }

    @Test
    void revokedPartitionsAreForgotten() {
        OffsetTracker t = new OffsetTracker();
        t.add(P0, 1, new CompletableFuture<>());
        t.add(P1, 1, CompletableFuture.completedFuture(null));
        assertThat(t.committable(List.of(P1))).containsOnlyKeys(P1);
        t.forget(List.of(P0));
        assertThat(t.size()).isZero();
    }
}
