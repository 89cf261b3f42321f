package io.kafkamixnet.directory;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.schemas.MixerRole;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a mixer announces about itself: an immutable, validated view of a descriptor. A mixer builds
 * one and {@link DirectoryPublisher#publish publishes} it signed; a {@link DirectoryReader} hands out
 * only ones whose signature verified and whose identity its {@link TrustPolicy} accepts.
 *
 * <p>Validation (the same for what is signed and what is read, so a publisher cannot sign what
 * readers reject): a mixer id of 1..{@link Geometry#MAX_ID_LENGTH} UTF-8 bytes without control
 * characters; a legal Kafka topic name that is neither a Kafka-internal topic ({@code __} prefix) nor a
 * Kafka Streams internal one ({@code -changelog} or {@code -repartition} suffix); a 32-byte identity
 * key; 1..{@value #MAX_EPOCH_KEYS} epoch keys in strictly ascending epoch order, each a usable X25519
 * key ({@link MixPublicKey#isUsable}: canonical, not of small order, no two alike) whose validity is
 * its epoch on one {@link EpochSchedule} (epoch {@code e >= 0} valid from {@code e * length} for
 * {@code length} of 1 s..{@link EpochSchedule#MAX_EPOCH_LENGTH}, a grace shorter than the length, the
 * same length and grace for every key); a strategy summary of at most {@value #MAX_SUMMARY_LENGTH}
 * characters, empty or of the form {@code name} or {@code name(key=value,...)} in printable ASCII;
 * non-negative publication time and sequence; the announced {@link MixerLinks} (valid names, bounded
 * counts, canonical order), no exit services for a RESPONSE mixer; the health, if reported, one of the
 * {@link MixerHealth} symbols (the decoder refuses any other index). Every check is cheap and local: a reader applies them to
 * every descriptor it reads, trusted signer or not, so a client never routes through a mixer whose
 * descriptor it could not use.
 */
public final class MixerInfo {

    /** Most epoch keys one descriptor may carry (a mixer needs three: previous in grace, current, next). */
    public static final int MAX_EPOCH_KEYS = 8;
    /** Longest strategy summary, in characters. */
    public static final int MAX_SUMMARY_LENGTH = 256;

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /**
     * An informational strategy summary: {@code name} or {@code name(key=value,...)}. Printable ASCII
     * only, so a summary cannot hide characters (bidi overrides, zero-width spaces) from the people who
     * read it on terminals and in logs.
     */
    private static final Pattern SUMMARY = Pattern.compile(
            "([a-z][a-zA-Z0-9_-]{0,31}(\\([a-zA-Z][a-zA-Z0-9_]{0,31}=[a-zA-Z0-9.+-]{1,32}(,[a-zA-Z][a-zA-Z0-9_]{0,31}=[a-zA-Z0-9.+-]{1,32})*\\))?)?");

    private static final long MIN_EPOCH_LENGTH_MILLIS = 1_000;

    private final String mixerId;
    private final MixerRole role;
    private final String ingressTopic;
    private final byte[] identityKey;
    private final List<EpochPublicKey> epochKeys;
    private final String strategySummary;
    private final long publishedAtMillis;
    private final long sequence;
    private final Optional<MixerLinks> links;
    private final Optional<MixerHealth> health;

    private MixerInfo(Builder b) {
        this.mixerId = checkMixerId(b.mixerId);
        this.role = Objects.requireNonNull(b.role, "role");
        this.ingressTopic = checkTopic(b.ingressTopic);
        if (b.identityKey == null || b.identityKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": identity key must have " + Ed25519.PUBLIC_KEY_LENGTH + " bytes, found "
                            + (b.identityKey == null ? "none" : b.identityKey.length + " bytes"));
        }
        this.identityKey = b.identityKey.clone();
        this.epochKeys = checkEpochKeys(mixerId, b.epochKeys);
        this.strategySummary = checkSummary(mixerId, b.strategySummary);
        if (b.publishedAtMillis < 0) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": publishedAtMillis must be >= 0, found " + b.publishedAtMillis);
        }
        if (b.sequence < 0) {
            throw new IllegalArgumentException("mixer " + mixerId + ": sequence must be >= 0, found " + b.sequence);
        }
        this.publishedAtMillis = b.publishedAtMillis;
        this.sequence = b.sequence;
        this.links = Objects.requireNonNull(b.links, "links");
        this.health = Objects.requireNonNull(b.health, "health");
        if (role == MixerRole.RESPONSE
                && links.isPresent()
                && !links.get().exitServices().isEmpty()) {
            throw new IllegalArgumentException("mixer " + mixerId + ": a RESPONSE mixer delivers replies, not"
                    + " requests, and must announce no exit services, found "
                    + links.get().exitServices().size());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this descriptor's values, e.g. to announce rotated keys with a higher sequence. */
    public Builder toBuilder() {
        return new Builder()
                .mixerId(mixerId)
                .role(role)
                .ingressTopic(ingressTopic)
                .identityKey(identityKey)
                .epochKeys(epochKeys)
                .strategySummary(strategySummary)
                .publishedAtMillis(publishedAtMillis)
                .sequence(sequence)
                .links(links)
                .health(health);
    }

    public String mixerId() {
        return mixerId;
    }

    public MixerRole role() {
        return role;
    }

    public String ingressTopic() {
        return ingressTopic;
    }

    /** A copy of the 32-byte Ed25519 identity key that signs this mixer's descriptors. */
    public byte[] identityKey() {
        return identityKey.clone();
    }

    /** The epoch keys, ascending by epoch. */
    public List<EpochPublicKey> epochKeys() {
        return epochKeys;
    }

    public String strategySummary() {
        return strategySummary;
    }

    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    public long sequence() {
        return sequence;
    }

    /**
     * The links this mixer announces: where it relays and which services it exits to. Empty when the
     * descriptor does not announce them (written before {@code MixerDescriptor} version 2): then they are
     * unknown, not absent. docs/directory.md ("Links and routes") says how clients treat that.
     */
    public Optional<MixerLinks> links() {
        return links;
    }

    /**
     * The mixer's health as its heartbeat monitor last tested it ({@code HEARTBEAT_ALARM}: too few of
     * its loops came back — an (n-1) attack on it or a dropping mixer on their routes). Empty when
     * unknown: a descriptor written before {@code MixerDescriptor} version 3, or a mixer that sends no
     * loops. docs/directory.md ("Health") says how clients treat it.
     */
    public Optional<MixerHealth> health() {
        return health;
    }

    /** Whether the descriptor reports a raised heartbeat alarm. */
    public boolean heartbeatAlarm() {
        return health.orElse(null) == MixerHealth.HEARTBEAT_ALARM;
    }

    /** The public key of {@code epoch}, if this descriptor lists it. */
    public Optional<MixPublicKey> keyFor(long epoch) {
        return epochKey(epoch).map(EpochPublicKey::key);
    }

    /** The epoch key (with validity) of {@code epoch}, if this descriptor lists it. */
    public Optional<EpochPublicKey> epochKey(long epoch) {
        for (EpochPublicKey k : epochKeys) {
            if (k.epoch() == epoch) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The key a client should build new packets with at {@code nowMillis} (its validity window contains
     * {@code nowMillis}), using only the descriptor's own validity fields.
     */
    public Optional<EpochPublicKey> keyValidAt(long nowMillis) {
        for (EpochPublicKey k : epochKeys) {
            if (k.validAt(nowMillis)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The identity key as 64 lowercase hex digits. */
    public String identityKeyHex() {
        return HexFormat.of().formatHex(identityKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixerInfo m
                && m.mixerId.equals(mixerId)
                && m.role == role
                && m.ingressTopic.equals(ingressTopic)
                && Arrays.equals(m.identityKey, identityKey)
                && m.epochKeys.equals(epochKeys)
                && m.strategySummary.equals(strategySummary)
                && m.publishedAtMillis == publishedAtMillis
                && m.sequence == sequence
                && m.links.equals(links)
                && m.health.equals(health);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                mixerId,
                role,
                ingressTopic,
                Arrays.hashCode(identityKey),
                epochKeys,
                strategySummary,
                publishedAtMillis,
                sequence,
                links,
                health);
    }

    @Override
    public String toString() {
        return "MixerInfo[" + mixerId + ", " + role + ", ingress=" + ingressTopic + ", identity="
                + HexFormat.of().formatHex(identityKey, 0, 4) + "..., epochs="
                + epochKeys.stream().map(EpochPublicKey::epoch).toList() + ", strategy=" + strategySummary
                + ", sequence=" + sequence + ", links="
                + links.map(l -> l.nextHops().size() + " next hops, "
                                + l.exitServices().size() + " exits")
                        .orElse("not announced")
                + ", health=" + health.map(Enum::name).orElse("unknown")
                + "]";
    }

    private static String checkMixerId(String id) {
        Objects.requireNonNull(id, "mixerId");
        return DirectoryNames.check("mixer id", id);
    }

    private static String checkTopic(String topic) {
        Objects.requireNonNull(topic, "ingressTopic");
        if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(
                    "ingress topic must be a legal Kafka topic name (1-249 of [a-zA-Z0-9._-]), found " + topic.length()
                            + " characters that are not");
        }
        if (topic.startsWith("__")) {
            throw new IllegalArgumentException(
                    "ingress topic must not be a Kafka-internal topic (prefix __), found " + topic);
        }
        if (topic.endsWith("-changelog") || topic.endsWith("-repartition")) {
            throw new IllegalArgumentException(
                    "ingress topic must not be a Kafka Streams internal topic (suffix -changelog or"
                            + " -repartition), found " + topic);
        }
        return topic;
    }

    private static List<EpochPublicKey> checkEpochKeys(String mixerId, List<EpochPublicKey> keys) {
        Objects.requireNonNull(keys, "epochKeys");
        if (keys.isEmpty() || keys.size() > MAX_EPOCH_KEYS) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": expected 1.." + MAX_EPOCH_KEYS + " epoch keys, found " + keys.size());
        }
        List<EpochPublicKey> copy = List.copyOf(keys);
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).epoch() <= copy.get(i - 1).epoch()) {
                throw new IllegalArgumentException("mixer " + mixerId
                        + ": epoch keys must be in strictly ascending epoch order, found epoch "
                        + copy.get(i).epoch() + " after " + copy.get(i - 1).epoch());
            }
        }
        EpochPublicKey first = copy.get(0);
        for (int i = 0; i < copy.size(); i++) {
            EpochPublicKey k = copy.get(i);
            checkEpochKey(mixerId, k);
            long length = k.validUntilMillis() - k.validFromMillis();
            long grace = k.graceUntilMillis() - k.validUntilMillis();
            long firstLength = first.validUntilMillis() - first.validFromMillis();
            long firstGrace = first.graceUntilMillis() - first.validUntilMillis();
            if (length != firstLength || grace != firstGrace) {
                throw new IllegalArgumentException(
                        "mixer " + mixerId + ": every epoch key must follow one schedule (epoch length "
                                + firstLength + " ms, grace " + firstGrace + " ms as epoch " + first.epoch()
                                + "), found epoch " + k.epoch()
                                + " with length " + length + " ms and grace " + grace + " ms");
            }
            for (int j = 0; j < i; j++) {
                if (Arrays.equals(copy.get(j).key().bytes(), k.key().bytes())) {
                    throw new IllegalArgumentException(
                            "mixer " + mixerId + ": every epoch must have its own key, found the key of epoch "
                                    + copy.get(j).epoch() + " again for epoch " + k.epoch());
                }
            }
        }
        return copy;
    }

    /** One key on its own: a usable point, and a validity that is its epoch on some valid schedule. */
    private static void checkEpochKey(String mixerId, EpochPublicKey k) {
        long epoch = k.epoch();
        if (epoch < 0) {
            throw new IllegalArgumentException("mixer " + mixerId + ": epoch numbers must be >= 0, found " + epoch);
        }
        if (!k.key().isUsable()) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": the key of epoch " + epoch + " must be a usable X25519 public"
                            + " key (canonical and not of small order), found one that is not (e.g. all zeros or a low-order point)");
        }
        // EpochPublicKey guarantees validFrom < validUntil <= graceUntil; from >= 0 keeps the differences in range.
        if (k.validFromMillis() < 0) {
            throw new IllegalArgumentException("mixer " + mixerId + ": epoch " + epoch
                    + " must be valid from a time >= 0, found " + k.validFromMillis());
        }
        long length = k.validUntilMillis() - k.validFromMillis();
        if (length < MIN_EPOCH_LENGTH_MILLIS || length > EpochSchedule.MAX_EPOCH_LENGTH.toMillis()) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": epoch " + epoch + " must last " + MIN_EPOCH_LENGTH_MILLIS + ".."
                            + EpochSchedule.MAX_EPOCH_LENGTH.toMillis() + " ms, found " + length + " ms");
        }
        if (epoch > Long.MAX_VALUE / length || epoch * length != k.validFromMillis()) {
            throw new IllegalArgumentException("mixer " + mixerId + ": epoch " + epoch + " of " + length
                    + " ms must start at epoch x" + " length (epoch 0 starts at the Unix epoch), found validFromMillis "
                    + k.validFromMillis());
        }
        long grace = k.graceUntilMillis() - k.validUntilMillis();
        if (grace >= length) {
            throw new IllegalArgumentException("mixer " + mixerId + ": the grace of epoch " + epoch
                    + " must be shorter than its length " + length + " ms, found " + grace + " ms");
        }
    }

    private static String checkSummary(String mixerId, String summary) {
        Objects.requireNonNull(summary, "strategySummary");
        if (summary.length() > MAX_SUMMARY_LENGTH) {
            throw new IllegalArgumentException("mixer " + mixerId + ": strategy summary must have at most "
                    + MAX_SUMMARY_LENGTH + " characters, found " + summary.length());
        }
        if (summary.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": strategy summary must not contain control characters");
        }
        if (!SUMMARY.matcher(summary).matches()) {
            throw new IllegalArgumentException(
                    "mixer " + mixerId + ": strategy summary must be empty, name or name(key=value,...)"
                            + " in printable ASCII, found " + summary.length() + " characters that are not");
        }
        return summary;
    }

    /**
     * Builds a {@link MixerInfo}; every value is required except the strategy summary (default empty),
     * the links (default not announced) and the health (default unknown).
     */
    public static final class Builder {
        private String mixerId;
        private MixerRole role;
        private String ingressTopic;
        private byte[] identityKey;
        private List<EpochPublicKey> epochKeys = List.of();
        private String strategySummary = "";
        private long publishedAtMillis = -1;
        private long sequence = -1;
        private Optional<MixerLinks> links = Optional.empty();
        private Optional<MixerHealth> health = Optional.empty();

        private Builder() {}

        public Builder mixerId(String mixerId) {
            this.mixerId = mixerId;
            return this;
        }

        public Builder role(MixerRole role) {
            this.role = role;
            return this;
        }

        public Builder ingressTopic(String ingressTopic) {
            this.ingressTopic = ingressTopic;
            return this;
        }

        public Builder identityKey(byte[] identityKey) {
            this.identityKey = identityKey == null ? null : identityKey.clone();
            return this;
        }

        /** The identity key of {@code identity}, which must then sign the descriptor. */
        public Builder identity(MixerIdentity identity) {
            return identityKey(identity.publicKey());
        }

        public Builder epochKeys(List<EpochPublicKey> epochKeys) {
            this.epochKeys = epochKeys;
            return this;
        }

        public Builder strategySummary(String strategySummary) {
            this.strategySummary = strategySummary;
            return this;
        }

        public Builder publishedAtMillis(long publishedAtMillis) {
            this.publishedAtMillis = publishedAtMillis;
            return this;
        }

        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        /** The links the mixer announces (default: not announced, as a version 1 descriptor). */
        public Builder links(MixerLinks links) {
            return links(Optional.of(Objects.requireNonNull(links, "links")));
        }

        /** The links the mixer announces, or empty for "not announced". */
        public Builder links(Optional<MixerLinks> links) {
            this.links = Objects.requireNonNull(links, "links");
            return this;
        }

        /** The health the mixer reports (default: unknown, as a descriptor before version 3). */
        public Builder health(MixerHealth health) {
            return health(Optional.of(Objects.requireNonNull(health, "health")));
        }

        /** The health the mixer reports, or empty for "unknown". */
        public Builder health(Optional<MixerHealth> health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /** @throws IllegalArgumentException naming the first value that is missing or out of range */
        public MixerInfo build() {
            return new MixerInfo(this);
        }
    }
}
