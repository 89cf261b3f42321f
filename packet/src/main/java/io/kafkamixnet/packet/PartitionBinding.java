package io.kafkamixnet.packet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which partition of a mixer's ingress topic a packet belongs on.
 *
 * <p>Why: replay detection is per stream task, and a task owns one ingress partition. If a packet
 * could be accepted on any partition, an attacker could replay it into a partition whose task has not
 * seen its tag, and follow the duplicate through the network. So a mixer with binding enabled accepts
 * a packet only on partition
 * <pre>
 *   SHA-256("kafka-mixnet/ingress-partition/v1" || alpha)[0..8] as an unsigned big-endian integer, mod partitions
 * </pre>
 * where {@code alpha} is the packet's first {@link Geometry#GROUP_ELEMENT_LENGTH} bytes (its group
 * element, which a replay cannot change without breaking the MAC). Producers (clients, services
 * sending replies, and mixers forwarding to a next hop) choose the partition with
 * {@link #partitionFor}. The group element is fresh and uniformly random at every hop, so the
 * partition reveals nothing about the sender or the previous hop's partition.
 *
 * <p>Limit: when an ingress topic gains partitions, a packet of an epoch still accepted could be
 * replayed once into its new partition. Add partitions together with an epoch change (and a grace of
 * zero for that change) where this matters.
 */
public final class PartitionBinding {

    private static final byte[] DOMAIN = "kafka-mixnet/ingress-partition/v1".getBytes(StandardCharsets.US_ASCII);

    private PartitionBinding() {}

    /**
     * The partition {@code packet} must be produced to on an ingress topic of {@code numPartitions}
     * partitions.
     *
     * @throws IllegalArgumentException if the packet is shorter than a group element or
     *     {@code numPartitions < 1}
     */
    public static int partitionFor(byte[] packet, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be >= 1, found " + numPartitions);
        }
        if (packet == null || packet.length < Geometry.GROUP_ELEMENT_LENGTH) {
            throw new IllegalArgumentException("expected a packet of at least " + Geometry.GROUP_ELEMENT_LENGTH
                    + " bytes, found " + (packet == null ? "null" : packet.length + " bytes"));
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        sha256.update(DOMAIN);
        sha256.update(packet, 0, Geometry.GROUP_ELEMENT_LENGTH);
        byte[] h = sha256.digest();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(v, numPartitions);
    }
}
