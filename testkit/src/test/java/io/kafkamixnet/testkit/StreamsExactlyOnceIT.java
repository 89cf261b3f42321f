package io.kafkamixnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A Kafka Streams application with exactly_once_v2 on the test cluster: every record once, committed. */
@ExtendWith(KafkaClusterExtension.class)
class StreamsExactlyOnceIT {

    @Test
    void exactlyOnceRoundTrip(KafkaCluster cluster, @TempDir java.nio.file.Path stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String in = "eos-in-" + suffix;
        String out = "eos-out-" + suffix;
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 2, (short) 1)))
                    .all()
                    .get();
        }

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        Properties sp = cluster.clientPropertiesAsProperties();
        sp.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + suffix);
        sp.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        sp.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        sp.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        sp.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");

        try (KafkaStreams streams = new KafkaStreams(builder.build(), sp)) {
            streams.start();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);

            Map<String, Object> pp = new java.util.HashMap<>(cluster.clientProperties());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>(in, "k" + i, "value " + i));
                }
                producer.flush();
            }

            Map<String, Object> cp = new java.util.HashMap<>(cluster.clientProperties());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + suffix);
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> got = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of(out));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (got.size() < 50 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        got.add(r.value());
                    }
                }
                // Nothing more than the 50 arrives: no duplicates.
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    got.add(r.value());
                }
            }
            assertThat(got).hasSize(50).doesNotHaveDuplicates().contains("VALUE 0", "VALUE 49");
            assertThat(got.get(0).getBytes(StandardCharsets.UTF_8)).isNotEmpty();
        }
    }
}
