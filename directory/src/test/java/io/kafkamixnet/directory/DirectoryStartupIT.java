package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.testkit.LateKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The directory reader's start-up and the publisher's read-back while the cluster is not ready: a
 * broker that starts late, a topic created later, a broker that never comes, an error waiting cannot fix.
 */
@ExtendWith(KafkaClusterExtension.class)
class DirectoryStartupIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final MixerIdentity a = MixerIdentity.generate();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aReaderStartedBeforeItsBrokerAndItsTopicReadsTheTopicOnceTheyExist() throws Exception {
        String topic = unique("late-directory");
        try (LateKafkaBroker late = LateKafkaBroker.reserve();
                DirectoryReader reader = new DirectoryReader(
                        late.clientProperties(), topic, TrustPolicy.trusting(List.of(a.publicKey())))) {
            reader.start(StartupRetry.of(Duration.ofMinutes(2)));
            late.startAfter(Duration.ofSeconds(3));
            late.awaitStarted(WAIT);
            assertThat(reader.isReady()).isFalse(); // no topic yet

            DirectoryTopics.ensure(late.clientProperties(), topic);
            try (DirectoryPublisher publisher = new DirectoryPublisher(late.clientProperties(), topic)) {
                publisher.publish(a, Fixtures.info(a, "mixer-a", 5));
            }

            assertThat(reader.awaitReady(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> reader.snapshot().size() == 1);
        }
    }

    @Test
    void aReaderGivenAnErrorWaitingCannotFixFailsAtOnceNamingIt(KafkaCluster cluster) throws Exception {
        // A real non-retriable answer from a real broker: a topic name Kafka refuses (a space is not
        // allowed), as a mistyped --directory-topic would be. The broker answers the metadata request with
        // INVALID_TOPIC_EXCEPTION, which the consumer throws as InvalidTopicException.
        String invalid = "mixnet directory " + UUID.randomUUID().toString().substring(0, 4);
        try (DirectoryReader reader = new DirectoryReader(
                cluster.clientProperties(), invalid, TrustPolicy.trusting(List.of(a.publicKey())))) {
            // Ten minutes of retry: had the error been retried, awaitReady would return false after WAIT.
            reader.start(StartupRetry.of(Duration.ofMinutes(10)));

            assertThatThrownBy(() -> reader.awaitReady(WAIT))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("Cannot read the directory topic '" + invalid + "'")
                    .hasMessageContaining("InvalidTopicException")
                    .hasMessageContaining("not retried")
                    .hasRootCauseInstanceOf(InvalidTopicException.class);
            assertThat(reader.isReady()).isFalse();
        }
    }

    @Test
    void aReaderWhoseBrokerNeverComesGivesUpAtItsTimeoutWithTheLastError() throws Exception {
        try (LateKafkaBroker never = LateKafkaBroker.reserve();
                DirectoryReader reader = new DirectoryReader(
                        never.clientProperties(), unique("directory"), TrustPolicy.trusting(List.of(a.publicKey())))) {
            reader.start(StartupRetry.of(Duration.ofSeconds(2)).describedAs("the client's startTimeout"));

            assertThatThrownBy(() -> reader.awaitReady(WAIT))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("Gave up trying to read the directory topic")
                    .hasMessageContaining("the last one: TimeoutException")
                    .hasMessageContaining("raise the client's startTimeout (now 2.0 s)")
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void thePublishersReadBackWaitsForALateBroker() throws Exception {
        String topic = unique("late-readback");
        try (LateKafkaBroker late = LateKafkaBroker.reserve();
                DirectoryPublisher publisher = new DirectoryPublisher(
                        late.clientProperties(), topic, StartupRetry.of(Duration.ofMinutes(2)))) {
            late.startAfter(Duration.ofSeconds(3));
            // Called before the broker listens: waits it out, then finds nothing published (no topic yet).
            assertThat(publisher.lastPublishedSequence(a, "mixer-a")).isEqualTo(-1);

            DirectoryTopics.ensure(late.clientProperties(), topic);
            publisher.publish(a, Fixtures.info(a, "mixer-a", 41));
            try (DirectoryPublisher restarted = new DirectoryPublisher(late.clientProperties(), topic)) {
                assertThat(restarted.lastPublishedSequence(a, "mixer-a")).isEqualTo(41);
            }
        }
    }

    @Test
    void thePublishersReadBackGivesUpAtItsTimeoutNamingTheStepAndTheLastError() {
        try (LateKafkaBroker never = LateKafkaBroker.reserve();
                DirectoryPublisher publisher = new DirectoryPublisher(
                        never.clientProperties(),
                        unique("directory"),
                        StartupRetry.of(Duration.ofSeconds(2)).describedAs("startup.retry.timeout"))) {
            assertThatThrownBy(() -> publisher.publish(a, Fixtures.info(a, "mixer-a", 1)))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("mixer mixer-a: Gave up trying to read the directory topic")
                    .hasMessageContaining("back to continue the descriptor sequence of mixer mixer-a")
                    .hasMessageContaining("the last one: TimeoutException")
                    .hasMessageContaining("raise startup.retry.timeout (now 2.0 s)");
        }
    }

    @Test
    void aRestartedPublisherReadsItsSequenceBackOnAFreshTopic(KafkaCluster cluster) {
        String topic = unique("readback");
        Map<String, Object> config = cluster.clientProperties();
        DirectoryTopics.ensure(config, topic);
        try (DirectoryPublisher first = new DirectoryPublisher(config, topic)) {
            first.publish(a, Fixtures.info(a, "mixer-a", 1_000));
        }
        try (DirectoryPublisher restarted =
                new DirectoryPublisher(config, topic, StartupRetry.of(Duration.ofSeconds(30)))) {
            assertThat(restarted.lastPublishedSequence(a, "mixer-a")).isEqualTo(1_000);
        }
    }
}
