package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the attack runner's own helper topics (never anybody else's). */
final class OwnTopics {

    private OwnTopics() {}

    /** Creates {@code topic} with one partition and the cluster's default replication, if missing. */
    static void create(ClientSettings cluster, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(cluster.asProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + topic + " took longer than 60 s", e);
        }
    }
}
