package io.kafkamixnet.deploy.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * What a Kubernetes deployment needs beyond the network description.
 *
 * @param image the mixnet image every mixer, service and the demo traffic run (built from the
 *     repository's {@code Dockerfile} and pushed where the cluster can pull it)
 * @param brokers broker nodes (their own {@code KafkaNodePool}); at least 3 so that topics have 3 replicas
 *     and {@code min.insync.replicas=2}
 * @param controllers KRaft controller nodes (their own {@code KafkaNodePool}): 3 tolerate one failure
 * @param kafkaVersion the {@code spec.kafka.version} of the {@code Kafka}; empty leaves it to the
 *     operator (its default Kafka version)
 * @param storageClass the storage class of every volume claim; empty for the cluster's default
 * @param trafficRequests how many requests the demo traffic job sends
 */
public record KubernetesOptions(
        String image,
        int brokers,
        int controllers,
        Optional<String> kafkaVersion,
        Optional<String> storageClass,
        int trafficRequests) {

    public KubernetesOptions {
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("image must name a container image, found nothing");
        }
        if (brokers < 3) {
            throw new IllegalArgumentException(
                    "brokers must be at least 3 (topics get 3 replicas, min.insync.replicas=2), found " + brokers);
        }
        if (controllers != 1 && controllers != 3 && controllers != 5) {
            throw new IllegalArgumentException("controllers must be 1, 3 or 5 (a KRaft quorum), found " + controllers);
        }
        Objects.requireNonNull(kafkaVersion, "kafkaVersion");
        Objects.requireNonNull(storageClass, "storageClass");
        if (trafficRequests < 1) {
            throw new IllegalArgumentException("traffic requests must be at least 1, found " + trafficRequests);
        }
    }
}
