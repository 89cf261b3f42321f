package io.kafkamixnet.topology;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
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
            config.replyInboxTopic()
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
     * @throws io.kafkamixnet.admin.TopicProvisioningException if topics cannot be provisioned
     * @throws IllegalStateException if the directory topic is missing
     */
    void provision(Admin admin) {
        List<TopicSpec> specs = specs();
        Optional<String> directoryTopic = config.directoryTopic();
        List<TopicSpec> packetTopics = specs.stream()
                .filter(t -> directoryTopic.filter(t.name()::equals).isEmpty())
                .toList();
        if (!packetTopics.isEmpty()) {
            new TopicProvisioner(admin).ensure(packetTopics);
        }
        specs.stream()
                .filter(t -> directoryTopic.filter(t.name()::equals).isPresent())
                .findFirst()
                .ifPresent(spec -> DirectoryTopics.ensure(admin, spec));
        if (directoryTopic.isPresent() && config.topicProvisioning() != MixerConfig.TopicProvisioning.ALL) {
            requireTopic(admin, directoryTopic.get());
        }
    }

    /** A clear error now rather than a producer that waits a minute for metadata of a missing topic. */
    private void requireTopic(Admin admin, String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "mixer " + config.mixerId() + ": directory topic " + topic
                                + " does not exist; create it (mixnet topics, DirectoryTopics.ensure) or set topics.provision=all");
            }
            LOG.warn(
                    "Mixer {}: cannot describe directory topic {}: {}",
                    config.mixerId(),
                    topic,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking directory topic " + topic, e);
        }
    }
}
