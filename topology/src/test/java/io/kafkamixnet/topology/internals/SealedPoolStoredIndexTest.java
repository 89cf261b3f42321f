package io.kafkamixnet.topology.internals;

/** Every {@link SealedPoolTest} with the index in a store ({@link StoredHeldIndex}), as the pool mix runs it. */
class SealedPoolStoredIndexTest extends SealedPoolTest {

    @Override
    PoolIndex newIndex(RecordingStore store) {
        return new StoredHeldIndex(store);
    }
}
