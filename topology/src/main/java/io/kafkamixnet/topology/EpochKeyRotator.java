package io.kafkamixnet.topology;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.packet.MixPrivateKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a mixer's epoch keys current: makes sure the current and next keys exist (the ring
 * generates them owner-only when {@code keys.generate=true}), wipes keys whose grace has ended
 * (forward secrecy), and warns when the current epoch has no key. Run at start and at every change
 * of the accepted epochs, and at least every {@link #KEY_RELOAD_PERIOD} for key files copied in.
 */
final class EpochKeyRotator {

    private static final Logger LOG = LoggerFactory.getLogger(EpochKeyRotator.class);
    /** Longest wait between two looks at the key directory (for key files copied there). */
    static final Duration KEY_RELOAD_PERIOD = Duration.ofSeconds(30);

    private final MixerConfig config;
    private final EpochKeyRing keyring;

    EpochKeyRotator(MixerConfig config, EpochKeyRing keyring) {
        this.config = Objects.requireNonNull(config, "config");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    /**
     * Makes sure the current and next keys exist, wipes keys past their grace, and warns when the
     * current epoch has no key (with {@code keys.generate=false} and no key file copied in).
     *
     * @throws IOException if a key cannot be read, generated or wiped
     */
    void rotate(long nowMillis) throws IOException {
        List<MixPrivateKey> accepted = keyring.acceptedKeys(nowMillis);
        keyring.purgeExpired(nowMillis);
        long current = config.epochSchedule().epochAt(nowMillis);
        if (accepted.stream().noneMatch(k -> k.epoch() == current)) {
            LOG.warn(
                    "Mixer {}: no key for the current epoch {} in {}: every packet of this epoch is refused; run mixnet keygen"
                            + " or set keys.generate=true",
                    config.mixerId(),
                    current,
                    config.keyDirectory());
        }
    }

    /**
     * When the keys need a look next: the next change of the accepted epochs (a new next key at each
     * boundary, the old key gone at each grace end) or a reload of the key directory, whichever is
     * first.
     */
    long nextRotationMillis(long nowMillis) {
        return Math.min(config.epochSchedule().nextChangeMillis(nowMillis), nowMillis + KEY_RELOAD_PERIOD.toMillis());
    }
}
