package io.kafkamixnet.client.internals;

import io.kafkamixnet.packet.PartitionBinding;
import org.apache.kafka.clients.producer.Producer;

/**
 * The partition a packet must be produced to on a mixer's ingress topic: mixers accept a packet only
 * on the partition its group element binds it to (see {@link PartitionBinding}), so that a replay
 * cannot reach a stream task that has not seen its tag.
 */
public final class IngressPartitions {

    private IngressPartitions() {
    }

    /** Uses the producer's cached metadata for the partition count (a metadata fetch only the first time). */
    public static int of(Producer<?, ?> producer, String topic, byte[] packet) {
        int partitions = producer.partitionsFor(topic).size();
        return PartitionBinding.partitionFor(packet, partitions);
    }
}
