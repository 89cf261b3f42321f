package io.kafkamixnet.directory;

import io.kafkamixnet.packet.MixPublicKey;
import java.util.Objects;

/**
 * One epoch's X25519 public key of a mixer, with its validity (epoch milliseconds, UTC):
 * clients build new packets with it in {@code [validFromMillis, validUntilMillis)}, and the mixer
 * still accepts packets of its epoch until {@code graceUntilMillis} (exclusive).
 */
public record EpochPublicKey(MixPublicKey key, long validFromMillis, long validUntilMillis, long graceUntilMillis) {

    public EpochPublicKey {
        Objects.requireNonNull(key, "key");
        if (validUntilMillis <= validFromMillis) {
            throw new IllegalArgumentException(
                    "epoch " + key.epoch() + ": validUntilMillis must be after validFromMillis (" + validFromMillis
                            + "), found " + validUntilMillis);
        }
        if (graceUntilMillis < validUntilMillis) {
            throw new IllegalArgumentException(
                    "epoch " + key.epoch() + ": graceUntilMillis must be at least validUntilMillis (" + validUntilMillis
                            + "), found " + graceUntilMillis);
        }
    }

    /** {@code key} with the validity {@code schedule} gives its epoch. */
    public static EpochPublicKey of(MixPublicKey key, EpochSchedule schedule) {
        long epoch = key.epoch();
        return new EpochPublicKey(
                key, schedule.startMillis(epoch), schedule.endMillis(epoch), schedule.graceUntilMillis(epoch));
    }

    /** The key's epoch number. */
    public long epoch() {
        return key.epoch();
    }

    /** Whether a client should build new packets with this key at {@code nowMillis}. */
    public boolean validAt(long nowMillis) {
        return validFromMillis <= nowMillis && nowMillis < validUntilMillis;
    }

    /** Whether the mixer still accepts packets of this epoch at {@code nowMillis} (validity or grace; not before validity). */
    public boolean acceptedAt(long nowMillis) {
        return validFromMillis <= nowMillis && nowMillis < graceUntilMillis;
    }
}
