package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.topology.internals.EntrySealer;
import io.kafkamixnet.topology.internals.HeldEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pool store holds (and so its changelog carries) cannot be linked to what leaves. */
class PoolStoreSealingTest {

    @Test
    void heldEntriesAreSealedFixedSizeAndRandomlyKeyedAndSurvivorsAreRekeyedAtEachRound(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Pool(Duration.ofSeconds(1), 4, 0.5))
                        .build())) {
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(f.relayPacket(("relay " + i).getBytes()));
                f.send(sent.get(sent.size() - 1));
                f.send(f.exitPacket(("exit payload number " + i + " with some length to it").getBytes()));
            }
            KeyValueStore<Bytes, byte[]> pool = f.driver.getKeyValueStore(TopologyNames.POOL_STORE);
            List<byte[]> stored = new ArrayList<>();
            Set<Bytes> keysBefore = new HashSet<>();
            try (var it = pool.all()) {
                it.forEachRemaining(kv -> {
                    keysBefore.add(kv.key);
                    stored.add(kv.value);
                });
            }
            assertThat(stored).hasSize(12);
            assertThat(keysBefore).allSatisfy(k -> assertThat(k.get()).hasSize(16));
            int sealedSize = HeldEntry.encodedSize(f.geometry) + EntrySealer.OVERHEAD;
            assertThat(stored).allSatisfy(v -> assertThat(v).hasSize(sealedSize));

            f.advanceMillis(1000); // releases min(12 - 4, 6) = 6
            List<byte[]> outputs = new ArrayList<>();
            f.nextHop.readValuesToList().forEach(e -> outputs.add(MixFixture.bytes(e.getPacket())));
            f.exits.readValuesToList().forEach(e -> outputs.add(MixFixture.bytes(e.getPayload())));
            assertThat(outputs).hasSize(6);

            Set<Bytes> keysAfter = new HashSet<>();
            try (var it = pool.all()) {
                it.forEachRemaining(kv -> {
                    keysAfter.add(kv.key);
                    stored.add(kv.value);
                });
            }
            assertThat(keysAfter).hasSize(6).doesNotContainAnyElementsOf(keysBefore);

            // Neither an outgoing packet or payload, nor an incoming packet, is in anything stored.
            Windows inStore = new Windows(stored);
            assertThat(outputs).noneMatch(inStore::containsAnyWindowOf);
            assertThat(sent).noneMatch(inStore::containsAnyWindowOf);
            // The check can fail: an output is found in a store that holds it.
            assertThat(new Windows(List.of(outputs.get(0))).containsAnyWindowOf(outputs.get(0)))
                    .isTrue();
        }
    }
}
