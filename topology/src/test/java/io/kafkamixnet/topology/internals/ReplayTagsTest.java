package io.kafkamixnet.topology.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.EpochSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayTagsTest {

    private static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));
    private final RecordingStore store = new RecordingStore("replay-tags");
    private final ReplayTags tags = new ReplayTags(store, SCHEDULE, "0_0");

    @Test
    void aTagIsNewOncePerEpochAndAReplayWritesNothing() {
        byte[] tag = new byte[32];
        tag[0] = 9;
        assertThat(tags.recordIfNew(5, tag)).isTrue();
        assertThat(store.drain()).hasSize(1);
        assertThat(tags.recordIfNew(5, tag)).isFalse();
        assertThat(store.drain()).isEmpty();
        assertThat(tags.recordIfNew(6, tag))
                .as("another epoch's key: another tag space")
                .isTrue();
        assertThat(ReplayTags.tagKey(5, tag).get()).hasSize(40).startsWith(0, 0, 0, 0, 0, 0, 0, 5, 9);
    }

    @Test
    void purgeDeletesOnlyTheTagsOfEpochsNoLongerAccepted() {
        long hour = Duration.ofHours(1).toMillis();
        long now = 100 * hour + Duration.ofMinutes(30).toMillis(); // epoch 100, past the grace of 99
        for (long epoch = 97; epoch <= 101; epoch++) {
            tags.recordIfNew(epoch, new byte[32]);
        }
        store.drain();
        tags.purgeRetired(now);
        assertThat(store.drain()).allMatch(RecordingStore.Write::isDelete).hasSize(3);
        assertThat(store.contents().keySet())
                .containsExactly(ReplayTags.tagKey(100, new byte[32]), ReplayTags.tagKey(101, new byte[32]));
    }
}
