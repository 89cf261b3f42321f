package io.kafkamixnet.topology;

import io.kafkamixnet.admin.StartupException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition count of a mixer's ingress topic, for partition binding: read at start and
 * refreshed by housekeeping. 0 until first read ({@link Intake} then skips the check). Thread-safe.
 */
final class PartitionCountRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCountRefresher.class);

    /** Longest a housekeeping refresh waits for its answer. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

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
     * At start: describes the ingress topic and keeps its partition count, waiting out transient errors
     * (a topic just created that this broker does not know yet, one another process has yet to create,
     * a broker still starting) per {@code startup.retry.timeout}.
     *
     * @throws IllegalStateException if it still cannot be described then and partition binding needs
     *     the count (otherwise a warning, and housekeeping tries again)
     */
    void refreshAtStart(Admin admin) {
        try {
            config.startupRetry()
                    .run(
                            "describe the ingress topic " + config.ingressTopic() + " of mixer " + config.mixerId(),
                            "the topic to exist and its partitions to be known",
                            left -> describe(admin, left));
        } catch (StartupException e) {
            fail(e.getMessage(), e);
        } catch (RuntimeException e) {
            fail(e.toString(), e);
        }
    }

    /**
     * Describes the ingress topic once and keeps its partition count; warns when it changed.
     *
     * @throws IllegalStateException if the topic cannot be described, no count is known yet and
     *     partition binding needs one
     */
    void refresh(Admin admin) {
        try {
            describe(admin, METADATA_TIMEOUT);
        } catch (ExecutionException e) {
            fail(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            fail("no answer within " + METADATA_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void describe(Admin admin, Duration timeout)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        TopicDescription d = admin.describeTopics(
                        List.of(config.ingressTopic()), new DescribeTopicsOptions().timeoutMs(millis))
                .allTopicNames()
                .get(millis + 5_000L, TimeUnit.MILLISECONDS)
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
    }

    private void fail(String why, Throwable cause) {
        if (partitions.get() == 0 && config.partitionBinding()) {
            throw new IllegalStateException(
                    "Mixer " + config.mixerId() + " needs the partition count of its ingress topic "
                            + config.ingressTopic() + " for ingress.partition-binding, but cannot describe it: " + why,
                    cause);
        }
        LOG.warn("Mixer {}: cannot describe {}: {}", config.mixerId(), config.ingressTopic(), why);
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
