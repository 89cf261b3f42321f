package io.kafkamixnet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void startsProducesConsumesAndStopsLeavingNoTemporaryData() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            dataDir = broker.dataDir();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(Files.exists(dataDir.resolve("logs").resolve("meta.properties")))
                    .isTrue();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("greetings", 2, (short) 1)))
                        .all()
                        .get();
                assertThat(admin.listTopics().names().get()).contains("greetings");
            }

            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("greetings", "k" + i, "hello " + i))
                            .get();
                }
            }

            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "it-group");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("greetings"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).hasSize(10).contains("hello 0", "hello 9");
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void keepsAGivenDataDirectoryAndRestartsFromIt(@TempDir Path dir) throws Exception {
        EmbeddedBrokerSettings settings =
                EmbeddedBrokerSettings.builder().dataDir(dir.resolve("kafka")).build();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("durable", 1, (short) 1)))
                    .all()
                    .get();
        }
        assertThat(dir.resolve("kafka").resolve("logs")).isDirectory();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("durable");
        }
    }

    @Test
    void refusesToBindBeyondLoopbackUnlessAllowed() {
        EmbeddedBrokerSettings settings =
                EmbeddedBrokerSettings.builder().host("8.8.8.8").build();
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }
}
