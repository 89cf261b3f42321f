package io.kafkamixnet.topology.release;

import io.kafkamixnet.topology.internals.HeldIndex;
import org.apache.kafka.common.utils.Bytes;

/** Builds held-packet views for policy tests: packet {@code i} has the key {@code [i]}. */
final class Held {

    private Held() {}

    static HeldPacket packet(int i, long arrivedAt, long releaseAt) {
        return new HeldPacket(Bytes.wrap(new byte[] {(byte) i}), arrivedAt, releaseAt);
    }

    /** {@code n} packets that arrived at {@code arrivedAt}, due at arrival. */
    static HeldIndex arrivedAt(long arrivedAt, int n) {
        HeldIndex index = new HeldIndex();
        for (int i = 0; i < n; i++) {
            index.add(packet(i, arrivedAt, arrivedAt));
        }
        return index;
    }
}
