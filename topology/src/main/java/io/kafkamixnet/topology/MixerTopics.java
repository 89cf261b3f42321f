package io.kafkamixnet.topology;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The topics a mixer creates or updates at start, per {@code topics.provision}, and their provisioning. */
final class MixerTopics {

    private static final Logger LOG = LoggerFactory.getLogger(MixerTopics.class);

    private final MixerConfig config;

    MixerTopics(MixerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The topics this mixer creates or updates at start, per {@code topics.provision}. */
    List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>();
        int packetSize = config.geometry().packetSize(); // packet topics are capped near one packet
        if (config.topicProvisioning() == MixerConfig.TopicProvisioning.NONE) {
            return specs;
        }
        specs.add(TopicSpec.mixerIngress(config.ingressTopic(), config.ingressPartitions(), packetSize));
        specs.add(TopicSpec.deadLetter(config.deadLetterTopic()));
        if (config.topicProvisioning() == MixerConfig.TopicProvisioning.ALL) {
            Set<String> seen = new TreeSet<>(Set.of(config.ingressTopic()));
            for (String t : config.nextHops().values()) {
                if (seen.add(t)) {
                    specs.add(TopicSpec.mixerIngress(t, config.outputPartitions(), packetSize));
                }
            }
            for (String t : config.exitServices().values()) {
                if (seen.add(t)) {
                    specs.add(TopicSpec.exit(t, config.outputPartitions(), packetSize));
                }
            }
            for (String t : config.heartbeatEntries().values()) {
                if (seen.add(t)) {
                    specs.add(TopicSpec.mixerIngress(t, config.outputPartitions(), packetSize));
                }
            }
            config.replyInboxTopic()
                    .ifPresent(t -> specs.add(TopicSpec.replyInbox(t, config.outputPartitions(), packetSize)));
            // A forward mixer reads the inbox its reply-path loops come back to; it must exist to be read.
            config.heartbeatReplyInbox()
                    .ifPresent(t -> specs.add(TopicSpec.replyInbox(t, config.outputPartitions(), packetSize)));
            config.directoryTopic().ifPresent(t -> specs.add(TopicSpec.directory(t)));
        }
        if (config.replicationFactor() != -1) {
            specs.replaceAll(s -> s.withReplicationFactor(config.replicationFactor()));
        }
        return specs;
    }

    /**
     * Creates or updates {@link #specs()}; with {@code directory.topic} set but not provisioned here,
     * checks that it exists.
     *
     * <p>Transient cluster errors are waited out per {@code startup.retry.timeout}; so is a directory
     * topic that does not exist yet (another process may be creating it).
     *
     * @throws io.kafkamixnet.admin.TopicProvisioningException if topics cannot be provisioned
     * @throws IllegalStateException if the directory topic is still missing at the end of the retry
     */
    void provision(Admin admin) {
        StartupRetry retry = config.startupRetry();
        List<TopicSpec> specs = specs();
        Optional<String> directoryTopic = config.directoryTopic();
        List<TopicSpec> packetTopics = specs.stream()
                .filter(t -> directoryTopic.filter(t.name()::equals).isEmpty())
                .toList();
        if (!packetTopics.isEmpty()) {
            new TopicProvisioner(admin, retry).ensure(packetTopics);
        }
        specs.stream()
                .filter(t -> directoryTopic.filter(t.name()::equals).isPresent())
                .findFirst()
                .ifPresent(spec -> DirectoryTopics.ensure(admin, spec, retry));
        if (directoryTopic.isPresent() && config.topicProvisioning() != MixerConfig.TopicProvisioning.ALL) {
            requireTopic(admin, directoryTopic.get(), retry);
        }
    }

    /** A clear error now rather than a producer that waits a minute for metadata of a missing topic. */
    private void requireTopic(Admin admin, String topic, StartupRetry retry) {
        try {
            retry.call(
                    "find the directory topic " + topic + " of mixer " + config.mixerId(),
                    "the topic to exist: create it (mixnet topics create --role directory, DirectoryTopics.ensure)"
                            + " or set topics.provision=all",
                    left -> admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int)
                                            Math.min(Integer.MAX_VALUE, left.toMillis())))
                            .allTopicNames()
                            .get());
        } catch (StartupException e) {
            if (e.timedOut() && e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("mixer " + config.mixerId() + ": " + e.getMessage(), e);
            }
            // Not a missing topic: the publisher will say what is wrong when it writes.
            LOG.warn("Mixer {}: cannot describe directory topic {}: {}", config.mixerId(), topic, e.getMessage());
        }
    }
}
