package io.kafkamixnet.directory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory as a sequence of records makes it: the accept/reject rule of {@link DirectoryReader},
 * apart from Kafka so it can be tested record by record. Records are offered by one thread; the
 * snapshot and counts may be read by any.
 */
final class DirectoryState {

    private final TrustPolicy trust;
    private final String directoryTopic; // null: not known (tests)
    private final Clock clock;
    private final long toleranceMillis;
    private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
    private final AtomicLong accepted = new AtomicLong();
    private volatile DirectorySnapshot snapshot = DirectorySnapshot.empty();

    DirectoryState(TrustPolicy trust) {
        this(trust, null);
    }

    DirectoryState(TrustPolicy trust, String directoryTopic) {
        this(trust, directoryTopic, Clock.systemUTC(), DirectoryReader.DEFAULT_CLOCK_TOLERANCE);
    }

    /**
     * A state for the reader of {@code directoryTopic} (no mixer may announce that topic as its ingress)
     * that refuses descriptors dated more than {@code clockTolerance} ahead of {@code clock}.
     */
    DirectoryState(TrustPolicy trust, String directoryTopic, Clock clock, Duration clockTolerance) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.directoryTopic = directoryTopic;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.toleranceMillis = DirectoryReader.checkTolerance(clockTolerance).toMillis();
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /**
     * Applies one directory record (key and value as on the topic, either may be null).
     *
     * @return the accepted descriptor
     * @throws DescriptorRejectedException why it was ignored (already counted)
     */
    MixerInfo offer(byte[] key, byte[] value) throws DescriptorRejectedException {
        return offer(key, value, -1);
    }

    /**
     * As {@link #offer(byte[], byte[])} for a record the broker appended at {@code appendTimeMillis}
     * (its {@code LogAppendTime}; negative when the topic does not record it).
     */
    MixerInfo offer(byte[] key, byte[] value, long appendTimeMillis) throws DescriptorRejectedException {
        try {
            return accept(key, value, appendTimeMillis);
        } catch (DescriptorRejectedException e) {
            rejected.get(e.reason()).incrementAndGet();
            throw e;
        } catch (RuntimeException e) {
            // A case nobody foresaw: still only this record is lost, never the reader.
            rejected.get(Rejection.MALFORMED).incrementAndGet();
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private MixerInfo accept(byte[] key, byte[] value, long appendTimeMillis) throws DescriptorRejectedException {
        VerifiedDescriptor verified = DescriptorCodec.verify(value);
        MixerInfo info = verified.info();
        String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!info.mixerId().equals(recordKey)) {
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED,
                    "expected the record key to be the mixer id " + info.mixerId() + ", found "
                            + (recordKey == null ? "no key" : "another key"));
        }
        if (info.ingressTopic().equals(directoryTopic)) {
            // Clients would write packets into the directory and bury every descriptor under garbage.
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED,
                    "mixer " + info.mixerId() + ": expected an ingress topic other than the directory topic, found "
                            + directoryTopic);
        }
        trust.check(verified);
        // Before pinning and before the sequence: a descriptor from the future must leave no trace.
        checkNotFutureDated(info, appendTimeMillis);
        trust.admit(verified);
        Optional<MixerInfo> previous = snapshot.mixer(info.mixerId());
        if (previous.isPresent() && info.sequence() <= previous.get().sequence()) {
            throw new DescriptorRejectedException(
                    Rejection.STALE_SEQUENCE,
                    "mixer " + info.mixerId() + ": expected a sequence above "
                            + previous.get().sequence() + ", found " + info.sequence());
        }
        snapshot = snapshot.with(info);
        accepted.incrementAndGet();
        return info;
    }

    /**
     * Refuses a descriptor dated more than the tolerance ahead of this reader's clock, or of the broker's
     * append time when known. The append time makes the decision the same for every reader, whenever it
     * reads the record: a record dated a day ahead stays refused also once the day has passed.
     */
    private void checkNotFutureDated(MixerInfo info, long appendTimeMillis) throws DescriptorRejectedException {
        long now = clock.millis();
        boolean byBroker = appendTimeMillis >= 0 && appendTimeMillis < now;
        long reference = byBroker ? appendTimeMillis : now;
        long ahead = info.publishedAtMillis() - reference;
        if (ahead > toleranceMillis) {
            throw new DescriptorRejectedException(
                    Rejection.FUTURE_DATED,
                    "mixer " + info.mixerId() + ": expected a publication"
                            + " time at most " + toleranceMillis + " ms ahead of the "
                            + (byBroker ? "broker's append time" : "reader's clock")
                            + ", found " + ahead + " ms ahead (is the mixer's clock fast?)");
        }
    }

    DirectorySnapshot snapshot() {
        return snapshot;
    }

    long rejected(Rejection reason) {
        return rejected.get(reason).get();
    }

    Map<String, Long> rejectedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        rejected.forEach((reason, count) -> counts.put(reason.name(), count.get()));
        return counts;
    }

    long acceptedCount() {
        return accepted.get();
    }
}
