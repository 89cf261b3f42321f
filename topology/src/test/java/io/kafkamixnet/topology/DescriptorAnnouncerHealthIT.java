package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.DirectoryReader;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The announcer republishes the descriptor when the mixer's health changes, no more often than its
 * health spacing, and a reader of the real directory topic sees the announced health. Times are
 * passed explicitly (the announcer never reads the clock), so nothing here depends on how busy the
 * machine is.
 */
@ExtendWith(KafkaClusterExtension.class)
class DescriptorAnnouncerHealthIT {

    @Test
    void aHealthChangeIsRepublishedRateLimitedAndReadBack(KafkaCluster cluster, @TempDir Path work) throws Exception {
        String topic = "health-directory-" + System.nanoTime();
        DirectoryTopics.ensure(cluster.clientProperties(), topic);
        MixerConfig config = MixerConfig.fromMap(settings(work, topic, "5m"), null);
        EpochKeyRing keyring =
                EpochKeyRing.open(work.resolve("keys"), config.epochSchedule(), new SecureRandom(), true);
        MixerIdentity identity = MixerIdentity.generate();
        AtomicReference<Optional<MixerHealth>> health = new AtomicReference<>(Optional.of(MixerHealth.OK));
        long t0 = System.currentTimeMillis();
        keyring.generateAhead(t0, 1);

        try (DescriptorAnnouncer announcer = new DescriptorAnnouncer(config, keyring, identity, health::get);
                DirectoryReader reader = new DirectoryReader(
                        cluster.clientProperties(), topic, TrustPolicy.trusting(List.of(identity.publicKey())))) {
            assertThat(announcer.healthSpacing()).isEqualTo(Duration.ofSeconds(10));
            announcer.connect(new DirectoryPublisher(cluster.clientProperties(), topic));
            reader.start();
            announcer.publish(t0);
            assertThat(announcer.publishIfHealthChanged(t0 + 60_000))
                    .as("unchanged")
                    .isFalse();
            awaitHealth(reader, Optional.of(MixerHealth.OK));

            health.set(Optional.of(MixerHealth.HEARTBEAT_ALARM));
            assertThat(announcer.publishIfHealthChanged(t0 + 9_999))
                    .as("within the spacing of the last descriptor")
                    .isFalse();
            assertThat(announcer.publishIfHealthChanged(t0 + 10_000)).isTrue();
            assertThat(announcer.lastDescriptor().orElseThrow().health()).contains(MixerHealth.HEARTBEAT_ALARM);
            MixerInfo alarmed = awaitHealth(reader, Optional.of(MixerHealth.HEARTBEAT_ALARM));
            assertThat(alarmed.heartbeatAlarm()).isTrue();

            // A flapping alarm: cleared and raised again within the spacing publishes nothing; the state
            // at the end of the spacing is what the next descriptor says.
            health.set(Optional.of(MixerHealth.OK));
            assertThat(announcer.publishIfHealthChanged(t0 + 11_000)).isFalse();
            health.set(Optional.of(MixerHealth.HEARTBEAT_ALARM));
            assertThat(announcer.publishIfHealthChanged(t0 + 12_000))
                    .as("same as published")
                    .isFalse();
            health.set(Optional.of(MixerHealth.OK));
            assertThat(announcer.publishIfHealthChanged(t0 + 19_999)).isFalse();
            long before = announcer.publishedCount();
            assertThat(announcer.publishIfHealthChanged(t0 + 20_000)).isTrue();
            assertThat(announcer.publishedCount()).isEqualTo(before + 1);
            awaitHealth(reader, Optional.of(MixerHealth.OK));

            // The periodic descriptor carries the health too (here: loops switched off, unknown).
            health.set(Optional.empty());
            announcer.publish(t0 + 21_000);
            awaitHealth(reader, Optional.empty());
        }
    }

    @Test
    void theSpacingIsThePublishIntervalWhenShorter(@TempDir Path work) throws Exception {
        MixerConfig config = MixerConfig.fromMap(settings(work, "directory", "2s"), null);
        EpochKeyRing keyring =
                EpochKeyRing.open(work.resolve("keys"), config.epochSchedule(), new SecureRandom(), true);
        try (DescriptorAnnouncer announcer = new DescriptorAnnouncer(config, keyring, MixerIdentity.generate())) {
            assertThat(announcer.healthSpacing()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    private static MixerInfo awaitHealth(DirectoryReader reader, Optional<MixerHealth> expected) {
        AtomicReference<MixerInfo> seen = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Optional<MixerInfo> m = reader.snapshot().mixer("mix-h");
            m.ifPresent(seen::set);
            return m.isPresent() && m.get().health().equals(expected);
        });
        return seen.get();
    }

    private static Map<String, String> settings(Path work, String topic, String interval) {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-h");
        m.put("mixer.role", "forward");
        m.put("strategy", "timed");
        m.put("strategy.interval", "1s");
        m.put("topic.ingress", "mix-h.in");
        m.put("keys.dir", work.resolve("keys").toString());
        m.put("epoch.length", "10m");
        m.put("directory.topic", topic);
        m.put("directory.publish-interval", interval);
        return m;
    }
}
