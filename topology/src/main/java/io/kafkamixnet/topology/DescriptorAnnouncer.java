package io.kafkamixnet.topology;

import io.kafkamixnet.directory.DescriptorSequence;
import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signs and publishes a mixer's descriptor ({@link MixerInfo}: id, role, ingress topic, announced
 * epoch keys, strategy, and the links clients may route over: the {@code next-hop.<id>} and
 * {@code exit.<service>} settings, which are exactly what the mixer's Relay and Exit checks accept) to {@code directory.topic}: at start, then whenever the announced keys
 * change, and at least every {@code directory.publish-interval}, so a reader that starts late always
 * finds a fresh one. Owns its {@link DirectoryPublisher} (a producer, connected at start) and the
 * descriptor sequence; counts publications and failures. Thread-safe for reading; publishing
 * happens on one thread at a time (the first descriptor's thread, which {@code MixerApplication.start}
 * waits for, then housekeeping).
 */
final class DescriptorAnnouncer implements AutoCloseable {

    private final MixerConfig config;
    private final EpochKeyRing keyring;
    private final MixerIdentity identity;
    private final DescriptorSequence sequence = new DescriptorSequence();
    private final AtomicReference<MixerInfo> last = new AtomicReference<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile DirectoryPublisher publisher;

    DescriptorAnnouncer(MixerConfig config, EpochKeyRing keyring, MixerIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
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
        last.set(sent);
        published.incrementAndGet();
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
