package io.kafkamixnet.deploy;

import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.NetworkMixer;
import io.kafkamixnet.topology.MixerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every topic of a network with the settings its mixers would create it with ({@link TopicSpec}'s
 * factories, as {@code topics.provision=all} does): each ingress with its own mixer's partitions, each
 * exit and reply inbox with the most output partitions of the mixers writing to it, dead-letter topics
 * and the directory. A topic's replication factor is that of the mixer it belongs to (its
 * {@code topics.replication-factor}; -1, the broker's default, when unset).
 */
public final class NetworkTopics {

    private NetworkTopics() {}

    /** The topics of {@code network}, the directory first, then per mixer in the description's order. */
    public static List<TopicSpec> of(NetworkDescription network) {
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        NetworkMixer first = network.mixers().values().iterator().next();
        put(specs, withReplication(TopicSpec.directory(network.directoryTopic()), first.config()));
        for (NetworkMixer m : network.mixers().values()) {
            MixerConfig c = m.config();
            int packetSize = c.geometry().packetSize();
            put(specs, withReplication(TopicSpec.mixerIngress(c.ingressTopic(), c.ingressPartitions(), packetSize), c));
            put(specs, withReplication(TopicSpec.deadLetter(c.deadLetterTopic()), c));
        }
        for (NetworkMixer m : network.mixers().values()) {
            MixerConfig c = m.config();
            int packetSize = c.geometry().packetSize();
            for (String exit : c.exitServices().values()) {
                merge(specs, withReplication(TopicSpec.exit(exit, c.outputPartitions(), packetSize), c));
            }
            c.replyInboxTopic()
                    .ifPresent(inbox -> merge(
                            specs, withReplication(TopicSpec.replyInbox(inbox, c.outputPartitions(), packetSize), c)));
        }
        return List.copyOf(specs.values());
    }

    private static TopicSpec withReplication(TopicSpec spec, MixerConfig c) {
        return c.replicationFactor() == -1 ? spec : spec.withReplicationFactor(c.replicationFactor());
    }

    private static void put(Map<String, TopicSpec> specs, TopicSpec spec) {
        TopicSpec before = specs.putIfAbsent(spec.name(), spec);
        if (before != null && !before.equals(spec)) {
            throw new IllegalArgumentException(
                    "topic " + spec.name() + " is described twice with different settings: " + before + " and " + spec);
        }
    }

    /** An output topic written by several mixers: the most partitions any of them asks for. */
    private static void merge(Map<String, TopicSpec> specs, TopicSpec spec) {
        TopicSpec before = specs.get(spec.name());
        if (before == null) {
            specs.put(spec.name(), spec);
        } else if (!before.configs().equals(spec.configs())) {
            throw new IllegalArgumentException(
                    "topic " + spec.name() + " is written with different settings: " + before + " and " + spec);
        } else if (spec.partitions() > before.partitions()) {
            specs.put(spec.name(), spec);
        }
    }
}
