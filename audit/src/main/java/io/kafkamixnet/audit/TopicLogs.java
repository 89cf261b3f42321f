package io.kafkamixnet.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every partition log read, by topic and partition. */
public final class TopicLogs {

    private final Map<String, Map<Integer, PartitionLog>> topics = new TreeMap<>();

    void add(PartitionLog log) {
        topics.computeIfAbsent(log.topic(), t -> new TreeMap<>()).put(log.partition(), log);
    }

    public Set<String> topics() {
        return Collections.unmodifiableSet(topics.keySet());
    }

    /** The partitions of {@code topic} in partition order; empty when the topic was not read. */
    public List<PartitionLog> partitions(String topic) {
        Map<Integer, PartitionLog> p = topics.get(topic);
        return p == null ? List.of() : List.copyOf(p.values());
    }

    /** Every data record of {@code topic}, partition by partition, each in offset order. */
    public List<LoggedRecord> records(String topic) {
        List<LoggedRecord> all = new ArrayList<>();
        for (PartitionLog p : partitions(topic)) {
            all.addAll(p.records());
        }
        return all;
    }

    /** Data records read in all. */
    public long recordCount() {
        long n = 0;
        for (Map<Integer, PartitionLog> t : topics.values()) {
            for (PartitionLog p : t.values()) {
                n += p.records().size();
            }
        }
        return n;
    }
}
