package io.kafkamixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The zero-setup demo: a real broker in this process, topics, a Streams step, and what came out. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the mixnet demo on an embedded Kafka broker (no setup needed),",
                "or on an existing cluster with --bootstrap-servers / --client-config."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--messages", defaultValue = "10", description = "Records to send (default: ${DEFAULT-VALUE}).")
    int messages;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = null;
        try {
            ClientSettings settings;
            if (cluster.isGiven()) {
                settings = cluster.settings();
                out.printf("[1/5] Using the Kafka cluster at %s%n", settings.bootstrapServers());
            } else {
                broker = EmbeddedKafkaBroker.start();
                settings = ClientSettings.of(broker.bootstrapServers());
                out.printf("[1/5] Started an embedded Kafka broker at %s in %d ms%n", broker.bootstrapServers(), broker.startupTime().toMillis());
            }
            out.flush();
            String run = UUID.randomUUID().toString().substring(0, 8);
            String in = "mixnet-demo-in-" + run;
            String outTopic = "mixnet-demo-out-" + run;
            try (Admin admin = Admin.create(settings.asClientConfig())) {
                new TopicProvisioner(admin).ensure(List.of(TopicSpec.mixerIngress(in, 2), TopicSpec.exit(outTopic, 2)));
            }
            out.printf("[2/5] Created topics %s and %s (LogAppendTime, delete policy)%n", in, outTopic);
            out.flush();

            Path stateDir = Files.createTempDirectory("mixnet-demo-streams-");
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(v -> v.toUpperCase(Locale.ROOT))
                    .to(outTopic, Produced.with(Serdes.String(), Serdes.String()));
            Properties sp = settings.asProperties();
            sp.put(StreamsConfig.APPLICATION_ID_CONFIG, "mixnet-demo-" + run);
            sp.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            sp.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            sp.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (KafkaStreams streams = new KafkaStreams(builder.build(), sp)) {
                streams.start();
                out.printf("[3/5] Started a Kafka Streams step (exactly_once_v2) from %s to %s%n", in, outTopic);
                out.flush();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings.asClientConfig(), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < messages; i++) {
                        producer.send(new ProducerRecord<>(in, null, "hello mixnet " + i));
                    }
                    producer.flush();
                }
                out.printf("[4/5] Produced %d records to %s%n", messages, in);
                out.flush();
                List<String> got = consume(settings, outTopic, messages, Duration.ofSeconds(60));
                out.printf("[5/5] Consumed %d of %d records from %s, e.g. \"%s\"%n", got.size(), messages, outTopic,
                        got.isEmpty() ? "-" : got.get(0));
                out.printf("Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
                out.flush();
                return got.size() == messages ? 0 : 1;
            } finally {
                deleteQuietly(stateDir);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static List<String> consume(ClientSettings settings, String topic, int expected, Duration timeout) {
        Map<String, Object> cp = new HashMap<>(settings.asClientConfig());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "mixnet-demo-reader-" + UUID.randomUUID());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (got.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    got.add(r.value());
                }
            }
        }
        return got;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
