package io.kafkamixnet.client.internals;

import java.nio.ByteBuffer;

import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;

/** Building and encoding the {@link PacketEnvelope} that carries a Sphinx packet to a mixer's ingress topic. */
public final class Envelopes {

    /** {@code PacketEnvelope.formatVersion} of the Sphinx format the packet module implements. */
    public static final int SPHINX_FORMAT_VERSION = 1;

    private static final AvroCodec<PacketEnvelope> CODEC = AvroCodec.of(PacketEnvelope.class);

    private Envelopes() {
    }

    /** The single-object encoding of an envelope holding {@code packet} built with keys of {@code epoch}. */
    public static byte[] encode(long epoch, byte[] packet) {
        PacketEnvelope e = PacketEnvelope.newBuilder()
                .setFormatVersion(SPHINX_FORMAT_VERSION)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build();
        return CODEC.encode(e);
    }

    /** Copies a {@code bytes} field of an Avro record. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
