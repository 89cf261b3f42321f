package io.kafkamixnet.topology.release;

import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;

/**
 * What a release policy sees of one held packet: when it arrived and when it is due. No packet
 * bytes, no command.
 *
 * @param key             the packet's pool store key: an opaque handle, used only to name the
 *                        packet in a release decision
 * @param arrivedAtMillis wall-clock time (ms since 1970) it entered the pool
 * @param releaseAtMillis wall-clock time it is due, as {@link ReleasePolicy#releaseAtMillis} set it
 */
public record HeldPacket(Bytes key, long arrivedAtMillis, long releaseAtMillis) {
    public HeldPacket {
        Objects.requireNonNull(key, "key");
    }
}
