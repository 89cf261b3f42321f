package io.kafkamixnet.topology.internals;

import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.schemas.PacketEnvelope;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends a packet to the partition of the next hop's ingress topic that {@link PartitionBinding}
 * binds it to, so the next mixer accepts it. The partition is a hash of the packet's fresh group
 * element: uniform, and independent of the partition the packet came in on.
 */
public final class BoundPartitioner<K> implements StreamPartitioner<K, PacketEnvelope> {

    /** Still abstract in Kafka 4.4 but deprecated for removal: the method below is the one used. */
    @Deprecated
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, PacketEnvelope value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }

    @Override
    public Optional<Set<Integer>> partitions(
            String topic, K key, PacketEnvelope value, Headers headers, int numPartitions) {
        ByteBuffer buf = value.getPacket().duplicate();
        byte[] packet = new byte[buf.remaining()];
        buf.get(packet);
        return Optional.of(Set.of(PartitionBinding.partitionFor(packet, numPartitions)));
    }
}
