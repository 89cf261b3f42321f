package io.kafkamixnet.topology.internals;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends every record to a partition drawn uniformly with a {@link SecureRandom}: the egress
 * partition says nothing about the ingress partition, the key or the value.
 */
public final class RandomPartitioner<K, V> implements StreamPartitioner<K, V> {

    private final SecureRandom random;

    public RandomPartitioner(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, Headers headers, int numPartitions) {
        return Optional.of(Set.of(random.nextInt(numPartitions)));
    }

    /** Still abstract in Kafka 4.4 but deprecated for removal: the method above is the one used. */
    @Deprecated
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }
}
