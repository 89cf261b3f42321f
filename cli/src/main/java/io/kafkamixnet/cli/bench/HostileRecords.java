package io.kafkamixnet.cli.bench;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds the records of each {@link HostileKind} for one {@link BenchTarget}, on every core (the
 * common fork-join pool): building is not part of what the benchmark times. Real packets come from the
 * packet module's {@link Sphinx} with the mixer's announced key, exactly as a client builds them; the
 * rest are crafted to fail exactly one check of the mixer's intake.
 */
public final class HostileRecords {

    /** Largest oversized record: well below the ingress topic's {@code max.message.bytes}. */
    static final int OVERSIZED_MAX = 8192;

    private static final AvroCodec<PacketEnvelope> ENVELOPE_RECORDS = AvroCodec.of(PacketEnvelope.class);

    private final BenchTarget target;
    private final Sphinx sphinx;
    private final PacketEnvelopeCodec envelopes;
    private final SecureRandom random;

    /** A builder for {@code target}, drawing keys, padding and payloads from {@code random}. */
    public HostileRecords(BenchTarget target, SecureRandom random) {
        this.target = Objects.requireNonNull(target, "target");
        this.random = Objects.requireNonNull(random, "random");
        this.sphinx = new Sphinx(target.geometry(), random);
        this.envelopes = PacketEnvelopeCodec.forPacketSize(target.packetSize());
    }

    /** One record: the partition to produce it to and its value. */
    public record Hostile(int partition, byte[] value) {}

    /**
     * {@code count} records of {@code kind}, built in parallel. For {@link HostileKind#REPLAY} these
     * are real packets the mixer accepts the first time: send them once untimed, then again.
     */
    public List<Hostile> build(HostileKind kind, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("expected at least 1 record, found " + count);
        }
        long seed = random.nextLong();
        return IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> one(kind, new SplittableRandom(seed + i)))
                .toList();
    }

    private Hostile one(HostileKind kind, SplittableRandom rnd) {
        int packetSize = target.packetSize();
        return switch (kind) {
            case GARBAGE -> new Hostile(anyPartition(rnd), bytes(rnd, 1 + rnd.nextInt(envelopes.maxEncodedLength())));
            case OVERSIZED ->
                new Hostile(
                        anyPartition(rnd),
                        bytes(rnd, rnd.nextInt(envelopes.maxEncodedLength() + 1, OVERSIZED_MAX + 1)));
            case UNDERSIZED -> {
                byte[] half = bytes(rnd, packetSize / 2);
                yield new Hostile(
                        anyPartition(rnd), envelope(PacketEnvelopeCodec.FORMAT_VERSION, target.epoch(), half));
            }
            case UNKNOWN_VERSION ->
                new Hostile(
                        anyPartition(rnd),
                        envelope(PacketEnvelopeCodec.FORMAT_VERSION + 1, target.epoch(), bytes(rnd, packetSize)));
            case UNKNOWN_EPOCH -> {
                // On its bound partition: the partition check comes before the epoch check.
                byte[] block = bytes(rnd, packetSize);
                yield new Hostile(bound(block), envelopes.encode(target.epoch() + 1000, block));
            }
            case WRONG_PARTITION -> {
                byte[] packet = relayPacket(rnd);
                int other = (bound(packet) + 1 + rnd.nextInt(Math.max(1, target.ingressPartitions() - 1)))
                        % target.ingressPartitions();
                yield new Hostile(other, envelopes.encode(target.epoch(), packet));
            }
            case BAD_MAC -> {
                byte[] packet = relayPacket(rnd);
                // A bit of beta or gamma: alpha (and so the bound partition) stays as it was.
                int bit = rnd.nextInt(
                        Geometry.GROUP_ELEMENT_LENGTH * 8, sphinx.geometry().headerSize() * 8);
                packet[bit / 8] ^= (byte) (1 << (bit % 8));
                yield new Hostile(bound(packet), envelopes.encode(target.epoch(), packet));
            }
            case REPLAY -> {
                byte[] packet = relayPacket(rnd);
                yield new Hostile(bound(packet), envelopes.encode(target.epoch(), packet));
            }
        };
    }

    /** A real two-hop packet: this mixer relays it to the next hop, which would deliver it to a service. */
    private byte[] relayPacket(SplittableRandom rnd) {
        return sphinx.createForwardPacket(
                List.of(
                        new Hop(target.mixerKey(), HopInstruction.relay(target.nextHopId(), 0)),
                        new Hop(target.nextHopKey(), HopInstruction.exit("bench", 0))),
                bytes(rnd, 64));
    }

    private int bound(byte[] packet) {
        return PartitionBinding.partitionFor(packet, target.ingressPartitions());
    }

    private int anyPartition(SplittableRandom rnd) {
        return rnd.nextInt(target.ingressPartitions());
    }

    /** A well-formed envelope record with any version and packet length, which the codec's encode refuses. */
    private static byte[] envelope(int formatVersion, long epoch, byte[] packet) {
        return ENVELOPE_RECORDS.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(formatVersion)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
    }

    private static byte[] bytes(SplittableRandom rnd, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long v = rnd.nextLong();
            for (int j = 0; j < 8 && i + j < length; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }
}
