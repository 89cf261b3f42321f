package io.kafkamixnet.network;

import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.topology.MixerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every topic of a network as its mixers would create it with {@code topics.provision=all}: each
 * mixer's ingress and dead-letter topics, the exits and reply inboxes, sized for the packets of the
 * mixer that writes them, with that mixer's {@code topics.replication-factor}; and the directory. Under
 * least privilege the administrator creates them (mixers run with {@code topics.provision=none}).
 * The mixers' internal topics are not here: Kafka Streams creates those itself.
 */
public final class NetworkTopics {

    private NetworkTopics() {}

    /** The packet, exit, inbox and dead-letter topics, then the directory topic last, each once. */
    public static List<TopicSpec> specs(NetworkDescription network) {
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        for (NetworkMixer m : network.mixers().values()) {
            MixerConfig c = m.config();
            int packetSize = c.geometry().packetSize();
            add(specs, c, TopicSpec.mixerIngress(c.ingressTopic(), c.ingressPartitions(), packetSize));
            add(specs, c, TopicSpec.deadLetter(c.deadLetterTopic()));
        }
        for (NetworkMixer m : network.mixers().values()) {
            MixerConfig c = m.config();
            int packetSize = c.geometry().packetSize();
            c.exitServices().values().forEach(t -> add(specs, c, TopicSpec.exit(t, c.outputPartitions(), packetSize)));
            c.replyInboxTopic()
                    .ifPresent(t -> add(specs, c, TopicSpec.replyInbox(t, c.outputPartitions(), packetSize)));
        }
        MixerConfig first = network.mixers().values().iterator().next().config();
        add(specs, first, TopicSpec.directory(network.directoryTopic()));
        return new ArrayList<>(specs.values());
    }

    /** The directory topic's spec (created with {@code DirectoryTopics.ensure}, which checks its compaction). */
    public static TopicSpec directorySpec(NetworkDescription network) {
        List<TopicSpec> all = specs(network);
        return all.get(all.size() - 1);
    }

    private static void add(Map<String, TopicSpec> specs, MixerConfig writer, TopicSpec spec) {
        specs.putIfAbsent(
                spec.name(),
                writer.replicationFactor() == -1 ? spec : spec.withReplicationFactor(writer.replicationFactor()));
    }
}
