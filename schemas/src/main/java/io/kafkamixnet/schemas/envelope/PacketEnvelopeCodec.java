package io.kafkamixnet.schemas.envelope;

import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import io.kafkamixnet.schemas.envelope.EnvelopeDecodingException.Problem;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The one owner of the wire envelope of a Sphinx packet on a mixer ingress topic: the
 * {@link PacketEnvelope} record (format version, epoch, packet) in Avro single-object encoding.
 * Clients and services encode with it, mixers decode with it, and the packet format version lives
 * here only.
 *
 * <p>An instance is bound to one packet size (the network geometry's {@code packetSize()}, 2048 bytes
 * by default); the schemas module does not know geometries, so callers pass the size.
 *
 * <p>Decoding contract, for untrusted input (every mixer reads an ingress topic anyone may write):
 * the checks run in this order and the first that fails is reported with its {@link Problem}:
 * <ol>
 *   <li>null or empty input: {@link Problem#UNDECODABLE_RECORD};
 *   <li>more than {@link #maxEncodedLength()} bytes: {@link Problem#WRONG_SIZE} (no epoch: nothing is
 *       decoded, so an oversized record costs no allocation);
 *   <li>not a {@code PacketEnvelope} by a known writer schema (garbage, truncated, trailing bytes,
 *       unknown fingerprint): {@link Problem#UNDECODABLE_RECORD}, with the Avro codec's reason;
 *   <li>a format version other than {@link #FORMAT_VERSION}: {@link Problem#UNSUPPORTED_FORMAT_VERSION},
 *       with the epoch;
 *   <li>a packet of another length than the packet size: {@link Problem#WRONG_SIZE}, with the epoch.
 * </ol>
 * Errors carry no input bytes. Instances are immutable and thread-safe.
 */
public final class PacketEnvelopeCodec {

    /**
     * {@code PacketEnvelope.formatVersion} of the Sphinx packet format (geometry and cipher suite) this
     * release implements; a mixer rejects any other.
     */
    public static final int FORMAT_VERSION = 1;

    /**
     * Most bytes an encoded envelope may have beyond its packet: single-object marker and fingerprint
     * (10) plus three varints and slack. Anything larger is not an envelope of this packet size.
     */
    public static final int MAX_OVERHEAD = 64;

    private static final AvroCodec<PacketEnvelope> AVRO = AvroCodec.of(PacketEnvelope.class);

    private final int packetSize;

    private PacketEnvelopeCodec(int packetSize) {
        this.packetSize = packetSize;
    }

    /**
     * A codec for packets of {@code packetSize} bytes.
     *
     * @throws IllegalArgumentException if {@code packetSize} is not positive
     */
    public static PacketEnvelopeCodec forPacketSize(int packetSize) {
        if (packetSize < 1) {
            throw new IllegalArgumentException("packet size must be >= 1 byte, found " + packetSize);
        }
        return new PacketEnvelopeCodec(packetSize);
    }

    /** The packet size, in bytes, this codec encodes and accepts. */
    public int packetSize() {
        return packetSize;
    }

    /** Most bytes an encoded envelope accepted by {@link #decode} can have: packet size plus {@link #MAX_OVERHEAD}. */
    public int maxEncodedLength() {
        return packetSize + MAX_OVERHEAD;
    }

    /**
     * The envelope record of {@code packet}, built with keys of {@code epoch}, at {@link #FORMAT_VERSION}:
     * for a Kafka sink whose serializer encodes the record (the mixer's next-hop sinks).
     *
     * @throws IllegalArgumentException if the packet does not have the packet size
     */
    public PacketEnvelope toRecord(long epoch, byte[] packet) {
        Objects.requireNonNull(packet, "packet");
        if (packet.length != packetSize) {
            throw new IllegalArgumentException("expected a packet of " + packetSize + " bytes, found " + packet.length);
        }
        return PacketEnvelope.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build();
    }

    /**
     * The record value of an ingress record: {@link #toRecord} in single-object encoding.
     *
     * @throws IllegalArgumentException if the packet does not have the packet size
     */
    public byte[] encode(long epoch, byte[] packet) {
        return AVRO.encode(toRecord(epoch, packet));
    }

    /**
     * Decodes and checks one ingress record value, in the order the class documentation gives.
     *
     * @throws EnvelopeDecodingException naming the first check that failed
     */
    public DecodedEnvelope decode(byte[] encoded) throws EnvelopeDecodingException {
        if (encoded == null || encoded.length == 0) {
            throw EnvelopeDecodingException.undecodable(RecordDecodingException.Reason.EMPTY, "no input bytes");
        }
        if (encoded.length > maxEncodedLength()) {
            throw new EnvelopeDecodingException(
                    Problem.WRONG_SIZE,
                    null,
                    "expected at most " + maxEncodedLength() + " bytes, found " + encoded.length);
        }
        PacketEnvelope envelope;
        try {
            envelope = AVRO.decode(encoded);
        } catch (RecordDecodingException e) {
            throw EnvelopeDecodingException.undecodable(e.reason(), e.getMessage());
        }
        long epoch = envelope.getEpoch();
        if (envelope.getFormatVersion() != FORMAT_VERSION) {
            throw new EnvelopeDecodingException(
                    Problem.UNSUPPORTED_FORMAT_VERSION,
                    epoch,
                    "expected format version " + FORMAT_VERSION + ", found " + envelope.getFormatVersion());
        }
        byte[] packet = AvroCodec.copyBytes(envelope.getPacket());
        if (packet.length != packetSize) {
            throw new EnvelopeDecodingException(
                    Problem.WRONG_SIZE, epoch, "expected a packet of " + packetSize + " bytes, found " + packet.length);
        }
        return new DecodedEnvelope(envelope.getFormatVersion(), epoch, packet);
    }

    @Override
    public String toString() {
        return "PacketEnvelopeCodec[format " + FORMAT_VERSION + ", " + packetSize + "-byte packets]";
    }
}
