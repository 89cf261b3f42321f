package io.kafkamixnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DescriptorSignaturesTest {

    @Test
    void prefixIsTheDocumentedThirtyThreeBytes() {
        byte[] prefix = DescriptorSignatures.domainPrefix();

        assertThat(prefix).hasSize(33);
        assertThat(new String(prefix, 0, 32, StandardCharsets.US_ASCII)).isEqualTo("kafka-mixnet/mixer-descriptor/v1");
        assertThat(prefix[32]).isZero();
        prefix[0] = 'X';
        assertThat(DescriptorSignatures.domainPrefix()[0])
                .as("callers get a copy")
                .isEqualTo((byte) 'k');
    }

    @Test
    void signedMessageIsPrefixThenTheExactDescriptorBytes() {
        byte[] descriptor = {(byte) 0xC3, 1, 2, 3};

        byte[] message = DescriptorSignatures.signedMessage(descriptor);

        assertThat(Arrays.copyOf(message, 33)).isEqualTo(DescriptorSignatures.domainPrefix());
        assertThat(Arrays.copyOfRange(message, 33, message.length)).isEqualTo(descriptor);
    }

    /** The directory flow end to end with the JDK's Ed25519: sign encoded bytes, ship, verify, decode. */
    @Test
    void aSignatureOverTheSignedMessageVerifiesOnlyForTheExactBytes() throws Exception {
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AvroCodec<MixerDescriptor> descriptors = AvroCodec.of(MixerDescriptor.class);
        AvroCodec<SignedDescriptor> signedDescriptors = AvroCodec.of(SignedDescriptor.class);
        byte[] descriptorBytes = descriptors.encode(SampleRecords.mixerDescriptor());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(DescriptorSignatures.signedMessage(descriptorBytes));
        byte[] onTopic = signedDescriptors.encode(new SignedDescriptor(
                ByteBuffer.wrap(descriptorBytes), ByteBuffer.wrap(signer.sign()), ByteBuffer.wrap(new byte[32])));

        SignedDescriptor received = signedDescriptors.decode(onTopic);
        byte[] receivedDescriptor = received.getDescriptor().array();
        byte[] signature = received.getSignature().array();

        assertThat(verify(identity, receivedDescriptor, signature)).isTrue();
        assertThat(descriptors.decode(receivedDescriptor)).isEqualTo(SampleRecords.mixerDescriptor());
        byte[] tampered = receivedDescriptor.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(verify(identity, tampered, signature)).isFalse();
        Signature withoutPrefix = Signature.getInstance("Ed25519");
        withoutPrefix.initVerify(identity.getPublic());
        withoutPrefix.update(receivedDescriptor);
        assertThat(withoutPrefix.verify(signature))
                .as("the prefix is part of the signed message")
                .isFalse();
    }

    private static boolean verify(KeyPair identity, byte[] descriptor, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(identity.getPublic());
        verifier.update(DescriptorSignatures.signedMessage(descriptor));
        return verifier.verify(signature);
    }
}
