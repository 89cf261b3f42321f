package io.kafkamixnet.topology;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition count of a mixer's ingress topic, for partition binding: read at start and
 * refreshed by housekeeping. 0 until first read ({@link Intake} then skips the check). Thread-safe.
 */
final class PartitionCountRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCountRefresher.class);

    private final MixerConfig config;
    private final AtomicInteger partitions = new AtomicInteger();

    PartitionCountRefresher(MixerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The count as last seen; 0 before the first successful {@link #refresh}. */
    int get() {
        return partitions.get();
    }

    /**
     * Describes the ingress topic and keeps its partition count; warns when it changed.
     *
     * @throws IllegalStateException if the topic cannot be described, no count is known yet and
     *     partition binding needs one
     */
    void refresh(Admin admin) {
        try {
            TopicDescription d = admin.describeTopics(List.of(config.ingressTopic()))
                    .allTopicNames()
                    .get()
                    .get(config.ingressTopic());
            int n = d.partitions().size();
            int before = partitions.getAndSet(n);
            if (before != 0 && before != n) {
                LOG.warn(
                        "Mixer {}: ingress topic {} now has {} partitions (was {})",
                        config.mixerId(),
                        config.ingressTopic(),
                        n,
                        before);
            }
        } catch (ExecutionException e) {
            if (partitions.get() == 0 && config.partitionBinding()) {
                throw new IllegalStateException(
                        "Mixer " + config.mixerId() + " needs the partition count of its ingress topic "
                                + config.ingressTopic() + " for ingress.partition-binding, but cannot describe it: "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
            LOG.warn(
                    "Mixer {}: cannot describe {}: {}",
                    config.mixerId(),
                    config.ingressTopic(),
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #refresh}, logging instead of throwing: for the housekeeping thread. */
    void refreshQuietly(Admin admin) {
        try {
            refresh(admin);
        } catch (RuntimeException e) {
            LOG.warn("Mixer {}: housekeeping failed: {}", config.mixerId(), e.toString());
        }
    }
}
