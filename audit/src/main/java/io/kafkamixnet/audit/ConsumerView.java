package io.kafkamixnet.audit;

import io.kafkamixnet.audit.Finding.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What ordinary consumers of the cluster see, read_uncommitted and read_committed, set against what the
 * segments say: a reader with topic access but no log directory sees the uncommitted and aborted records
 * too. Used when the audit is given a cluster as well as a log directory.
 */
public final class ConsumerView {

    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private ConsumerView() {}

    /**
     * One finding per topic: records each isolation level returned next to the segments' counts.
     *
     * @param clientProperties Kafka client properties (bootstrap servers, security)
     */
    public static List<Finding> compare(Map<String, Object> clientProperties, TopicLogs logs, List<String> topics) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Long> uncommitted = count(clientProperties, topics, "read_uncommitted");
        Map<String, Long> committed = count(clientProperties, topics, "read_committed");
        for (String topic : topics) {
            long all = 0;
            long visible = 0;
            for (LoggedRecord r : logs.records(topic)) {
                all++;
                visible += r.outcome().visibleCommitted() ? 1 : 0;
            }
            long u = uncommitted.getOrDefault(topic, 0L);
            long c = committed.getOrDefault(topic, 0L);
            // Live topics grow between reading the segments and consuming: the consumers see at least as much.
            boolean agrees = u >= all && c >= visible;
            findings.add(new Finding(
                    agrees ? Severity.OK : Severity.WARN,
                    "consumers",
                    topic,
                    "read_uncommitted returned " + u + " records, read_committed " + c + "; the segments hold " + all
                            + " of which " + visible + " committed"
                            + (agrees
                                    ? "."
                                    : ": the consumers saw less than the log holds (retention or a partial read).")));
        }
        return findings;
    }

    private static Map<String, Long> count(Map<String, Object> props, List<String> topics, String isolation) {
        Map<String, Object> c = new HashMap<>(props);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "mixnet-audit-" + UUID.randomUUID());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                List<PartitionInfo> parts = consumer.partitionsFor(t, Duration.ofSeconds(10));
                if (parts != null) {
                    parts.forEach(p -> tps.add(new TopicPartition(t, p.partition())));
                }
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
            }
        }
        return counts;
    }
}
