package io.kafkamixnet.topology;

import io.kafkamixnet.directory.DescriptorSequence;
import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.schemas.MixerHealth;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and publishes a mixer's descriptor ({@link MixerInfo}: id, role, ingress topic, announced
 * epoch keys, strategy, and the links clients may route over: the {@code next-hop.<id>} and
 * {@code exit.<service>} settings, which are exactly what the mixer's Relay and Exit checks accept) to {@code directory.topic}: at start, then whenever the announced keys
 * change, at least every {@code directory.publish-interval}, so a reader that starts late always
 * finds a fresh one, and when the mixer's health (its heartbeat alarm) changes — at most once per
 * {@link #healthSpacing} ({@value #MAX_HEALTH_SPACING_SECONDS} s, or the publish interval if shorter),
 * so a flapping alarm cannot flood the directory; the state at the end of the spacing is published. Owns its {@link DirectoryPublisher} (a producer, connected at start) and the
 * descriptor sequence; counts publications and failures. Thread-safe for reading; publishing
 * happens on one thread at a time (the first descriptor's thread, which {@code MixerApplication.start}
 * waits for, then housekeeping).
 */
final class DescriptorAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorAnnouncer.class);
    /** The longest wait between a health change and its descriptor. */
    static final long MAX_HEALTH_SPACING_SECONDS = 10;

    private final MixerConfig config;
    private final Supplier<Optional<MixerHealth>> health;
    private final EpochKeyRing keyring;
    private final MixerIdentity identity;
    private final DescriptorSequence sequence = new DescriptorSequence();
    private final AtomicReference<MixerInfo> last = new AtomicReference<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile DirectoryPublisher publisher;

    DescriptorAnnouncer(MixerConfig config, EpochKeyRing keyring, MixerIdentity identity) {
        this(config, keyring, identity, Optional::empty);
    }

    /**
     * @param health the health to announce, read at every publication: empty (unknown) for a mixer
     *               that sends no heartbeat loops
     */
    DescriptorAnnouncer(
            MixerConfig config, EpochKeyRing keyring, MixerIdentity identity, Supplier<Optional<MixerHealth>> health) {
        this.config = Objects.requireNonNull(config, "config");
        this.health = Objects.requireNonNull(health, "health");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** Publishes through {@code directoryPublisher} from now on, and closes it in {@link #close()}. */
    void connect(DirectoryPublisher directoryPublisher) {
        this.publisher = Objects.requireNonNull(directoryPublisher, "directoryPublisher");
    }

    /**
     * Signs and publishes the current descriptor; synchronous.
     *
     * @throws IOException if the ring cannot read its keys
     * @throws IllegalStateException if the ring holds no key to announce
     * @throws io.kafkamixnet.directory.DirectoryException if the record cannot be written
     */
    void publish(long nowMillis) throws IOException {
        List<EpochPublicKey> announced = keyring.announcement(nowMillis);
        if (announced.isEmpty()) {
            failures.incrementAndGet();
            throw new IllegalStateException("mixer " + config.mixerId() + " holds no key for epochs "
                    + config.epochSchedule().acceptedEpochs(nowMillis) + " in " + config.keyDirectory()
                    + " and cannot announce any; set keys.generate=true or copy key files there");
        }
        MixerInfo info = MixerInfo.builder()
                .mixerId(config.mixerId())
                .role(config.role())
                .ingressTopic(config.ingressTopic())
                .identity(identity)
                .epochKeys(announced)
                .strategySummary(config.strategy().summary())
                .publishedAtMillis(nowMillis)
                .sequence(sequence.next(nowMillis))
                .links(links(config))
                .health(health.get())
                .build();
        MixerInfo sent;
        try {
            // The publisher may raise the sequence above ours (read back from the topic after a clock
            // that jumped); keep counting from what was really published.
            sent = publisher().publish(identity, info);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        }
        sequence.atLeast(sent.sequence());
        MixerInfo before = last.getAndSet(sent);
        published.incrementAndGet();
        if (before != null && !before.health().equals(sent.health())) {
            LOG.info(
                    "Mixer {}: descriptor {} announces health {} (was {})",
                    config.mixerId(),
                    sent.sequence(),
                    sent.health().map(Enum::name).orElse("unknown"),
                    before.health().map(Enum::name).orElse("unknown"));
        }
    }

    /**
     * Publishes when the health differs from the last descriptor's and that one is at least
     * {@link #healthSpacing} old; otherwise does nothing (a later call publishes the state then
     * current, so a change is announced within the spacing plus the caller's polling period).
     *
     * @return whether it published
     */
    boolean publishIfHealthChanged(long nowMillis) throws IOException {
        MixerInfo previous = last.get();
        if (previous == null || previous.health().equals(health.get())) {
            return false;
        }
        if (nowMillis - previous.publishedAtMillis() < healthSpacing().toMillis()) {
            return false;
        }
        publish(nowMillis);
        return true;
    }

    /** Shortest time between two descriptors published for a health change. */
    Duration healthSpacing() {
        Duration max = Duration.ofSeconds(MAX_HEALTH_SPACING_SECONDS);
        Duration interval = config.directoryPublishInterval();
        return interval.compareTo(max) < 0 ? interval : max;
    }

    /**
     * The links the mixer announces: its configured next hops and exit services, nothing else, so a
     * client never builds a route the mixer refuses ({@code UNKNOWN_NEXT_HOP}, {@code UNKNOWN_SERVICE}).
     */
    static MixerLinks links(MixerConfig config) {
        return MixerLinks.of(config.nextHops().keySet(), config.exitServices().keySet());
    }

    /** Publishes when nothing was published yet, the announced keys changed, or the interval has passed. */
    void publishIfDue(long nowMillis) throws IOException {
        List<EpochPublicKey> announced = keyring.announcement(nowMillis);
        MixerInfo previous = last.get();
        if (previous == null
                || !previous.epochKeys().equals(announced)
                || nowMillis - previous.publishedAtMillis()
                        >= config.directoryPublishInterval().toMillis()) {
            publish(nowMillis);
        }
    }

    /** When the periodic publication is due; empty before the first one. */
    Optional<Long> nextDueMillis() {
        return Optional.ofNullable(last.get())
                .map(i -> i.publishedAtMillis()
                        + config.directoryPublishInterval().toMillis());
    }

    /** The descriptor most recently published (before signing), empty before the first one. */
    Optional<MixerInfo> lastDescriptor() {
        return Optional.ofNullable(last.get());
    }

    long publishedCount() {
        return published.get();
    }

    long failureCount() {
        return failures.get();
    }

    private DirectoryPublisher publisher() {
        DirectoryPublisher p = publisher;
        if (p == null) {
            throw new IllegalStateException(
                    "mixer " + config.mixerId() + ": the descriptor publisher is not connected");
        }
        return p;
    }

    /** Closes the publisher, if connected; publishing again needs {@link #connect}. Idempotent. */
    @Override
    public void close() {
        DirectoryPublisher p = publisher;
        publisher = null;
        if (p != null) {
            p.close();
        }
    }
}
