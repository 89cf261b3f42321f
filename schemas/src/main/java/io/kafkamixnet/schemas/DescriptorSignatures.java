package io.kafkamixnet.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What exactly a {@link SignedDescriptor} signature covers.
 *
 * <p>The signed message is {@link #domainPrefix()} followed by the single-object encoding of the
 * {@link MixerDescriptor} (the {@code descriptor} field, byte for byte). The prefix is the 32 ASCII
 * bytes {@code kafka-mixnet/mixer-descriptor/v1} and one {@code 0x00} byte (33 bytes in all). It
 * separates descriptor signatures from anything else an identity key might ever sign, so a
 * signature can never be replayed as one over another kind of message. A new signed format gets a
 * new prefix (e.g. {@code .../v2}); the prefix never changes for this one.
 *
 * <p>Signing and verifying (Ed25519, RFC 8032, pure mode without context) live with the directory
 * code; this class only fixes the bytes, so signer and verifier cannot drift apart.
 */
public final class DescriptorSignatures {

    private static final byte[] DOMAIN_PREFIX =
            "kafka-mixnet/mixer-descriptor/v1\0".getBytes(StandardCharsets.US_ASCII);

    private DescriptorSignatures() {}

    /** A copy of the domain-separation prefix (33 bytes). */
    public static byte[] domainPrefix() {
        return DOMAIN_PREFIX.clone();
    }

    /** The exact bytes an Ed25519 descriptor signature is made over: prefix followed by {@code encodedDescriptor}. */
    public static byte[] signedMessage(byte[] encodedDescriptor) {
        Objects.requireNonNull(encodedDescriptor, "encodedDescriptor");
        byte[] message = new byte[DOMAIN_PREFIX.length + encodedDescriptor.length];
        System.arraycopy(DOMAIN_PREFIX, 0, message, 0, DOMAIN_PREFIX.length);
        System.arraycopy(encodedDescriptor, 0, message, DOMAIN_PREFIX.length, encodedDescriptor.length);
        return message;
    }
}
