package io.kafkamixnet.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;

/**
 * Bytes the brokers hold for one topic: the sum over every broker, log directory and replica of its
 * partitions' log sizes ({@code Admin.describeLogDirs}), so transaction markers, batch headers and
 * every replica count — what the cluster wrote to disk. Needs DESCRIBE on the cluster; without it the
 * size is unknown rather than wrong.
 */
final class TopicBytes {

    private final Admin admin;

    TopicBytes(Admin admin) {
        this.admin = admin;
    }

    /** The topic's bytes on all brokers, empty if the cluster refuses to say (no ACL, timeout). */
    OptionalLong of(String topic) throws InterruptedException {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .toList();
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
            long sum = 0;
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription dir : byDir.values()) {
                    for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> e :
                            dir.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) {
                            sum += e.getValue().size();
                        }
                    }
                }
            }
            return OptionalLong.of(sum);
        } catch (ExecutionException | TimeoutException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Bytes of every topic whose name starts with {@code prefix}, on all brokers, by topic; empty if
     * the cluster refuses to say.
     */
    Map<String, Long> withPrefix(String prefix) throws InterruptedException {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .toList();
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
            Map<String, Long> sums = new java.util.TreeMap<>();
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription dir : byDir.values()) {
                    for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> e :
                            dir.replicaInfos().entrySet()) {
                        if (e.getKey().topic().startsWith(prefix)) {
                            sums.merge(e.getKey().topic(), e.getValue().size(), Long::sum);
                        }
                    }
                }
            }
            return sums;
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        }
    }
}
