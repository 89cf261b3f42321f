package io.kafkamixnet.directory;

import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.schemas.DescriptorSignatures;
import io.kafkamixnet.schemas.EpochKey;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs and verifies mixer descriptors.
 *
 * <p>Signed bytes: the {@code descriptor} field of a {@link SignedDescriptor} is the Avro single-object
 * encoding of a {@link MixerDescriptor}; the Ed25519 signature covers
 * {@link DescriptorSignatures#signedMessage} of exactly those bytes (domain prefix
 * {@code kafka-mixnet/mixer-descriptor/v1\0}, then the bytes). A verifier checks the signature on the
 * bytes as received and only then decodes them; it never re-encodes a decoded record to verify it.
 *
 * <p>Security contract of {@link #verify}: it returns only descriptors that (1) carry a signature that
 * verifies under the identity key named in the record, (2) decode under a known schema, (3) name that
 * same identity key inside the signed bytes, and (4) pass {@link MixerInfo}'s validation. It never
 * throws anything but {@link DescriptorRejectedException} on bad input. It does not decide trust.
 */
public final class DescriptorCodec {

    private static final AvroCodec<SignedDescriptor> SIGNED = AvroCodec.of(SignedDescriptor.class);
    private static final AvroCodec<MixerDescriptor> DESCRIPTOR = AvroCodec.of(MixerDescriptor.class);

    private DescriptorCodec() {}

    /**
     * {@code info} signed by {@code identity}.
     *
     * @throws IllegalArgumentException if {@code info} names another identity key than {@code identity}'s
     */
    public static SignedDescriptor sign(MixerIdentity identity, MixerInfo info) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(info, "info");
        byte[] identityKey = identity.publicKey();
        if (!Arrays.equals(identityKey, info.identityKey())) {
            throw new IllegalArgumentException("mixer " + info.mixerId() + ": the descriptor names identity "
                    + info.identityKeyHex() + " but is being signed by " + identity.publicKeyHex());
        }
        byte[] descriptor = DESCRIPTOR.encode(toAvro(info));
        byte[] signature = identity.sign(DescriptorSignatures.signedMessage(descriptor));
        return SignedDescriptor.newBuilder()
                .setDescriptor(ByteBuffer.wrap(descriptor))
                .setSignature(ByteBuffer.wrap(signature))
                .setIdentityKey(ByteBuffer.wrap(identityKey))
                .build();
    }

    /** The record value written to the directory topic: the single-object encoding of {@code signed}. */
    public static byte[] encode(SignedDescriptor signed) {
        return SIGNED.encode(signed);
    }

    /** {@code info} signed by {@code identity} and encoded as a directory record value. */
    public static byte[] signAndEncode(MixerIdentity identity, MixerInfo info) {
        return encode(sign(identity, info));
    }

    /** Decodes a directory record value and verifies it (see {@link #verify(SignedDescriptor)}); a null value is UNSIGNED. */
    public static VerifiedDescriptor verify(byte[] recordValue) throws DescriptorRejectedException {
        if (recordValue == null) {
            throw new DescriptorRejectedException(
                    Rejection.UNSIGNED, "expected a signed descriptor, found a null value (tombstone)");
        }
        SignedDescriptor signed;
        try {
            signed = SIGNED.decode(recordValue);
        } catch (RecordDecodingException e) {
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED,
                    "expected a SignedDescriptor record, found " + recordValue.length + " bytes that do not decode ("
                            + e.getMessage() + ")");
        }
        return verify(signed);
    }

    /** Verifies {@code signed} and returns its content, or says why it must be ignored. */
    public static VerifiedDescriptor verify(SignedDescriptor signed) throws DescriptorRejectedException {
        Objects.requireNonNull(signed, "signed");
        byte[] signature = bytes(signed.getSignature());
        byte[] identityKey = bytes(signed.getIdentityKey());
        byte[] descriptor = bytes(signed.getDescriptor());
        if (signature.length == 0 || identityKey.length == 0) {
            throw new DescriptorRejectedException(
                    Rejection.UNSIGNED,
                    "expected a signature and an identity key, found " + signature.length + " signature bytes and "
                            + identityKey.length + " identity key bytes");
        }
        if (identityKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED,
                    "expected a " + Ed25519.PUBLIC_KEY_LENGTH + "-byte Ed25519 identity key, found "
                            + identityKey.length + " bytes");
        }
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new DescriptorRejectedException(
                    Rejection.BAD_SIGNATURE,
                    "expected a " + Ed25519.SIGNATURE_LENGTH + "-byte Ed25519 signature, found " + signature.length
                            + " bytes");
        }
        if (!Ed25519.verify(identityKey, DescriptorSignatures.signedMessage(descriptor), signature)) {
            throw new DescriptorRejectedException(
                    Rejection.BAD_SIGNATURE, "the signature does not verify with the identity key the record names");
        }
        MixerDescriptor decoded;
        try {
            decoded = DESCRIPTOR.decode(descriptor);
        } catch (RecordDecodingException e) {
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED, "signed bytes are not a MixerDescriptor (" + e.getMessage() + ")");
        }
        MixerInfo info;
        try {
            info = fromAvro(decoded);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DescriptorRejectedException(Rejection.MALFORMED, "invalid descriptor: " + e.getMessage());
        }
        if (!Arrays.equals(info.identityKey(), identityKey)) {
            throw new DescriptorRejectedException(
                    Rejection.MALFORMED,
                    "mixer " + info.mixerId() + ": the descriptor names identity " + info.identityKeyHex()
                            + " but was signed by another key");
        }
        return new VerifiedDescriptor(info);
    }

    static MixerDescriptor toAvro(MixerInfo info) {
        List<EpochKey> keys = new ArrayList<>(info.epochKeys().size());
        for (EpochPublicKey k : info.epochKeys()) {
            keys.add(EpochKey.newBuilder()
                    .setEpoch(k.epoch())
                    .setPublicKey(ByteBuffer.wrap(k.key().bytes()))
                    .setValidFromMillis(k.validFromMillis())
                    .setValidUntilMillis(k.validUntilMillis())
                    .setGraceUntilMillis(k.graceUntilMillis())
                    .build());
        }
        return MixerDescriptor.newBuilder()
                .setMixerId(info.mixerId())
                .setRole(info.role())
                .setIngressTopic(info.ingressTopic())
                .setIdentityKey(ByteBuffer.wrap(info.identityKey()))
                .setEpochKeys(keys)
                .setStrategySummary(info.strategySummary())
                .setPublishedAtMillis(info.publishedAtMillis())
                .setSequence(info.sequence())
                .setNextHops(info.links().map(MixerLinks::nextHops).orElse(null))
                .setExitServices(info.links().map(MixerLinks::exitServices).orElse(null))
                .setHealth(info.health().orElse(null))
                .build();
    }

    static MixerInfo fromAvro(MixerDescriptor d) {
        if (d.getEpochKeys().size() > MixerInfo.MAX_EPOCH_KEYS) {
            throw new IllegalArgumentException("expected at most " + MixerInfo.MAX_EPOCH_KEYS + " epoch keys, found "
                    + d.getEpochKeys().size());
        }
        List<EpochPublicKey> keys = new ArrayList<>(d.getEpochKeys().size());
        for (EpochKey k : d.getEpochKeys()) {
            keys.add(new EpochPublicKey(
                    MixPublicKey.fromBytes(k.getEpoch(), bytes(k.getPublicKey())),
                    k.getValidFromMillis(),
                    k.getValidUntilMillis(),
                    k.getGraceUntilMillis()));
        }
        return MixerInfo.builder()
                .mixerId(d.getMixerId().toString())
                .role(d.getRole())
                .ingressTopic(d.getIngressTopic().toString())
                .identityKey(bytes(d.getIdentityKey()))
                .epochKeys(keys)
                .strategySummary(d.getStrategySummary().toString())
                .publishedAtMillis(d.getPublishedAtMillis())
                .sequence(d.getSequence())
                .links(linksOf(d))
                .health(Optional.ofNullable(d.getHealth()))
                .build();
    }

    /** Both lists or neither: one announced, one not would be neither an old nor a new writer's descriptor. */
    private static Optional<MixerLinks> linksOf(MixerDescriptor d) {
        List<String> nextHops = d.getNextHops();
        List<String> exits = d.getExitServices();
        if (nextHops == null && exits == null) {
            return Optional.empty();
        }
        if (nextHops == null || exits == null) {
            throw new IllegalArgumentException("nextHops and exitServices must both be present or both null, found "
                    + (nextHops == null ? "only exitServices" : "only nextHops"));
        }
        // Bound before copying: the codec bounds counts by the input size, this bounds them by the rule.
        if (nextHops.size() > MixerLinks.MAX_NEXT_HOPS || exits.size() > MixerLinks.MAX_EXIT_SERVICES) {
            throw new IllegalArgumentException("expected at most " + MixerLinks.MAX_NEXT_HOPS + " next hops and "
                    + MixerLinks.MAX_EXIT_SERVICES + " exit services, found " + nextHops.size() + " and "
                    + exits.size());
        }
        return Optional.of(new MixerLinks(nextHops, exits));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? new byte[0] : AvroCodec.copyBytes(buffer);
    }
}
