package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client's reply inbox started before its topic exists waits for it within the start timeout. */
@ExtendWith(KafkaClusterExtension.class)
class ReplyInboxStartupIT {

    private static final class Collecting implements ReplyInbox.Listener {
        final List<byte[]> records = new CopyOnWriteArrayList<>();

        @Override
        public void onRecord(byte[] value) {
            records.add(value);
        }

        @Override
        public void onTick(long nowMillis) {}

        @Override
        public void onFailure(RuntimeException error) {}
    }

    @Test
    void anInboxStartedBeforeItsTopicExistsReadsItOnceAnotherThreadCreatesIt(KafkaCluster cluster) throws Exception {
        String topic = "inbox-late-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                Thread.sleep(3_000);
                new TopicProvisioner(admin).ensure(List.of(TopicSpec.replyInbox(topic, 2)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Collecting listener = new Collecting();

        ReplyInbox inbox = new ReplyInbox(cluster.clientProperties(), topic, Duration.ofSeconds(60), listener);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            operator.get();
            producer.send(new ProducerRecord<>(topic, 1, null, new byte[] {42})).get();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> listener.records.size() == 1);
        } finally {
            inbox.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void anInboxWhoseTopicNeverComesFailsAtItsTimeoutWithAClearMessage(KafkaCluster cluster) {
        String topic = "inbox-never-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> new ReplyInbox(
                        Map.copyOf(cluster.clientProperties()), topic, Duration.ofSeconds(2), new Collecting()))
                .isInstanceOf(MixnetException.class)
                .hasMessageContaining("Gave up trying to find the reply inbox topic '" + topic + "'")
                .hasMessageContaining("mixnet topics create --role inbox")
                .hasMessageContaining("raise the client's startTimeout (now 2.0 s)");
    }
}
