package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.DescriptorSignatures;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DescriptorCodecTest {

    private final MixerIdentity identity = MixerIdentity.generate();
    private final MixerInfo info = Fixtures.info(identity, "mixer-a", MixerRole.RESPONSE, 42, 9, 10, 11);

    @Test
    void signVerifyRoundTrip() throws Exception {
        byte[] value = DescriptorCodec.signAndEncode(identity, info);
        VerifiedDescriptor verified = DescriptorCodec.verify(value);
        assertThat(verified.info()).isEqualTo(info);
        assertThat(verified.identityKey()).isEqualTo(identity.publicKey());
        assertThat(verified.info().keyFor(10)).isEqualTo(info.keyFor(10));
        assertThat(verified.info().role()).isEqualTo(MixerRole.RESPONSE);
    }

    @Test
    void theSignatureCoversTheDomainPrefixAndTheExactDescriptorBytes() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        byte[] descriptor = bytes(signed.getDescriptor());
        byte[] signature = bytes(signed.getSignature());
        assertThat(Ed25519.verify(identity.publicKey(), DescriptorSignatures.signedMessage(descriptor), signature))
                .isTrue();
        // Not valid over the bare descriptor: the prefix is part of what is signed.
        assertThat(Ed25519.verify(identity.publicKey(), descriptor, signature)).isFalse();
        assertThat(descriptor[0]).isEqualTo(AvroCodec.MARKER_0);
        assertThat(descriptor[1]).isEqualTo(AvroCodec.MARKER_1);
    }

    @Test
    void aBitFlipInEveryByteOfTheDescriptorIsRejectedAsBadSignature() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        byte[] descriptor = bytes(signed.getDescriptor());
        for (int i = 0; i < descriptor.length; i++) {
            byte[] forged = descriptor.clone();
            forged[i] ^= (byte) (1 << (i % 8));
            SignedDescriptor f = copy(signed, forged, bytes(signed.getSignature()), bytes(signed.getIdentityKey()));
            assertThat(reason(f)).as("flip in byte %d", i).isEqualTo(Rejection.BAD_SIGNATURE);
        }
    }

    @Test
    void aBitFlipInEveryByteOfTheSignatureIsRejected() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        byte[] signature = bytes(signed.getSignature());
        for (int i = 0; i < signature.length; i++) {
            int bit = i * 8 + (i * 3) % 8; // every byte, every bit position several times
            byte[] forged = signature.clone();
            forged[bit / 8] ^= (byte) (1 << (bit % 8));
            SignedDescriptor f = copy(signed, bytes(signed.getDescriptor()), forged, bytes(signed.getIdentityKey()));
            assertThat(reason(f)).as("flip of signature bit %d", bit).isEqualTo(Rejection.BAD_SIGNATURE);
        }
    }

    @Test
    void anotherKeyClaimingTheSignatureIsRejected() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        SignedDescriptor f = copy(
                signed,
                bytes(signed.getDescriptor()),
                bytes(signed.getSignature()),
                MixerIdentity.generate().publicKey());
        assertThat(reason(f)).isEqualTo(Rejection.BAD_SIGNATURE);
    }

    @Test
    void aDescriptorSignedByAnotherIdentityThanItNamesIsMalformed() {
        // The attacker signs correctly with its own key a descriptor that names the victim's identity.
        MixerIdentity attacker = MixerIdentity.generate();
        byte[] descriptor =
                AvroCodec.of(io.kafkamixnet.schemas.MixerDescriptor.class).encode(DescriptorCodec.toAvro(info));
        byte[] sig = attacker.sign(DescriptorSignatures.signedMessage(descriptor));
        SignedDescriptor f = copy(DescriptorCodec.sign(identity, info), descriptor, sig, attacker.publicKey());
        DescriptorRejectedException e = rejection(f);
        assertThat(e.reason()).isEqualTo(Rejection.MALFORMED);
        assertThat(e.getMessage()).contains("signed by another key");
    }

    @Test
    void signingRefusesADescriptorNamingAnotherIdentity() {
        assertThatThrownBy(() -> DescriptorCodec.sign(MixerIdentity.generate(), info))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but is being signed by");
    }

    @Test
    void unsignedRecordsAreUnsigned() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        assertThat(reason(copy(signed, bytes(signed.getDescriptor()), new byte[0], identity.publicKey())))
                .isEqualTo(Rejection.UNSIGNED);
        assertThat(reason(copy(signed, bytes(signed.getDescriptor()), bytes(signed.getSignature()), new byte[0])))
                .isEqualTo(Rejection.UNSIGNED);
        DescriptorRejectedException tombstone =
                catchThrowableOfType(() -> DescriptorCodec.verify((byte[]) null), DescriptorRejectedException.class);
        assertThat(tombstone.reason()).isEqualTo(Rejection.UNSIGNED);
    }

    @Test
    void signedGarbageIsMalformedNotACrash() {
        byte[] garbage = new byte[100];
        new SecureRandom().nextBytes(garbage);
        byte[] sig = identity.sign(DescriptorSignatures.signedMessage(garbage));
        SignedDescriptor f = copy(DescriptorCodec.sign(identity, info), garbage, sig, identity.publicKey());
        assertThat(reason(f)).isEqualTo(Rejection.MALFORMED);
    }

    @Test
    void randomAndMutatedRecordValuesAreRejectedWithoutAnyOtherException() {
        SecureRandom random = new SecureRandom();
        byte[] good = DescriptorCodec.signAndEncode(identity, info);
        for (int i = 0; i < 1000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(400)];
                random.nextBytes(input);
            } else {
                input = good.clone();
                input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
            }
            byte[] in = input;
            DescriptorRejectedException e =
                    catchThrowableOfType(() -> DescriptorCodec.verify(in), DescriptorRejectedException.class);
            assertThat(e).as("input %d was accepted", i).isNotNull();
            if (in.length >= 16) {
                // Messages are safe to log: they never echo the record's bytes.
                assertThat(e.getMessage()).doesNotContain(HexFormat.of().formatHex(in, in.length - 8, in.length));
            }
        }
    }

    @Test
    void wrongLengthKeysAreMalformed() {
        SignedDescriptor signed = DescriptorCodec.sign(identity, info);
        assertThat(reason(copy(signed, bytes(signed.getDescriptor()), bytes(signed.getSignature()), new byte[31])))
                .isEqualTo(Rejection.MALFORMED);
        assertThat(reason(copy(signed, bytes(signed.getDescriptor()), new byte[65], identity.publicKey())))
                .isEqualTo(Rejection.BAD_SIGNATURE);
    }

    private static Rejection reason(SignedDescriptor d) {
        return rejection(d).reason();
    }

    private static DescriptorRejectedException rejection(SignedDescriptor d) {
        DescriptorRejectedException e =
                catchThrowableOfType(() -> DescriptorCodec.verify(d), DescriptorRejectedException.class);
        assertThat(e).as("expected a rejection").isNotNull();
        // Also as a record value, the way a reader sees it.
        DescriptorRejectedException e2 = catchThrowableOfType(
                () -> DescriptorCodec.verify(DescriptorCodec.encode(d)), DescriptorRejectedException.class);
        assertThat(e2.reason()).isEqualTo(e.reason());
        return e;
    }

    private static SignedDescriptor copy(
            SignedDescriptor template, byte[] descriptor, byte[] signature, byte[] identityKey) {
        return SignedDescriptor.newBuilder(template)
                .setDescriptor(ByteBuffer.wrap(descriptor))
                .setSignature(ByteBuffer.wrap(signature))
                .setIdentityKey(ByteBuffer.wrap(identityKey))
                .build();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
