package io.kafkamixnet.directory;

import java.nio.charset.StandardCharsets;
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
    private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
    private final AtomicLong accepted = new AtomicLong();
    private volatile DirectorySnapshot snapshot = DirectorySnapshot.empty();

    DirectoryState(TrustPolicy trust) {
        this(trust, null);
    }

    /** A state for the reader of {@code directoryTopic}: no mixer may announce that topic as its ingress. */
    DirectoryState(TrustPolicy trust, String directoryTopic) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.directoryTopic = directoryTopic;
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
        try {
            return accept(key, value);
        } catch (DescriptorRejectedException e) {
            rejected.get(e.reason()).incrementAndGet();
            throw e;
        } catch (RuntimeException e) {
            // A case nobody foresaw: still only this record is lost, never the reader.
            rejected.get(Rejection.MALFORMED).incrementAndGet();
            throw new DescriptorRejectedException(Rejection.MALFORMED, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private MixerInfo accept(byte[] key, byte[] value) throws DescriptorRejectedException {
        VerifiedDescriptor verified = DescriptorCodec.verify(value);
        MixerInfo info = verified.info();
        String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!info.mixerId().equals(recordKey)) {
            throw new DescriptorRejectedException(Rejection.MALFORMED, "expected the record key to be the mixer id "
                    + info.mixerId() + ", found " + (recordKey == null ? "no key" : "another key"));
        }
        if (info.ingressTopic().equals(directoryTopic)) {
            // Clients would write packets into the directory and bury every descriptor under garbage.
            throw new DescriptorRejectedException(Rejection.MALFORMED, "mixer " + info.mixerId()
                    + ": expected an ingress topic other than the directory topic, found " + directoryTopic);
        }
        trust.admit(verified);
        Optional<MixerInfo> previous = snapshot.mixer(info.mixerId());
        if (previous.isPresent() && info.sequence() <= previous.get().sequence()) {
            throw new DescriptorRejectedException(Rejection.STALE_SEQUENCE, "mixer " + info.mixerId()
                    + ": expected a sequence above " + previous.get().sequence() + ", found " + info.sequence());
        }
        snapshot = snapshot.with(info);
        accepted.incrementAndGet();
        return info;
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
