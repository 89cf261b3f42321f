package io.kafkamixnet.faults.cluster;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Who leads what on a cluster at one moment, over every topic including Kafka's internal ones.
 *
 * @param leadersByNode partitions led per broker node id
 * @param partitions partitions in all
 * @param underReplicated partitions whose in-sync replicas are fewer than their replicas
 * @param leaderless partitions without a leader
 * @param activeController node id of the active KRaft controller
 * @param fewestReplicas the smallest replica count of any partition
 */
public record PartitionLeadership(
        Map<Integer, Integer> leadersByNode,
        int partitions,
        int underReplicated,
        int leaderless,
        int activeController,
        int fewestReplicas) {

    /** Describes every topic of the cluster. */
    public static PartitionLeadership of(Admin admin) throws ExecutionException, InterruptedException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get();
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get();
        Map<Integer, Integer> leaders = new TreeMap<>();
        int partitions = 0;
        int underReplicated = 0;
        int leaderless = 0;
        int fewestReplicas = Integer.MAX_VALUE;
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                partitions++;
                if (p.leader() == null || p.leader().isEmpty()) {
                    leaderless++;
                } else {
                    leaders.merge(p.leader().id(), 1, Integer::sum);
                }
                fewestReplicas = Math.min(fewestReplicas, p.replicas().size());
                if (p.isr().size() < p.replicas().size()) {
                    underReplicated++;
                }
            }
        }
        int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        return new PartitionLeadership(leaders, partitions, underReplicated, leaderless, controller, fewestReplicas);
    }

    /** The node leading the most partitions (the lowest id among equals). */
    public int busiestLeader() {
        return leadersByNode.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .orElseThrow(() -> new IllegalStateException("no partition has a leader"))
                .getKey();
    }
}
