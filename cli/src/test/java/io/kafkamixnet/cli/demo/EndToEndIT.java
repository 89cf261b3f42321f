package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.MixerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole loop on a real broker: clients, two forward mixers, the echo service, the response
 * mixer and back, with every mixer on each strategy; then across key rotations.
 */
@ExtendWith(KafkaClusterExtension.class)
class EndToEndIT {

    private static DemoSettings small(DemoStrategy strategy) {
        return DemoSettings.defaults(strategy)
                .withTraffic(3, 5)
                .withMeanRequestInterval(Duration.ofMillis(200))
                .withCover(4);
    }

    @ParameterizedTest
    @EnumSource(DemoStrategy.class)
    void everyRequestIsAnsweredThroughTwoForwardHopsAndTheResponseMixer(
            DemoStrategy strategy, KafkaCluster cluster, @TempDir Path work) throws Exception {
        DemoOutcome outcome;
        try (DemoNetwork network = DemoNetwork.start(
                ClientSettings.of(cluster.bootstrapServers(), strings(cluster)), small(strategy), work, step -> {})) {
            outcome = new DemoTraffic(network).run(p -> {});
        }
        assertThat(outcome.succeeded())
                .as("all %d replies matched, failures %s", outcome.requests(), outcome.failures())
                .isTrue();
        assertThat(outcome.matched()).isEqualTo(15);
        // Every request crossed both forward mixers and every reply the response mixer.
        outcome.mixers().forEach((id, m) -> {
            assertThat(m.released()).as("%s released", id).isGreaterThanOrEqualTo(15);
            assertThat(m.rejections()).as("%s rejections", id).isEmpty();
        });
        if (strategy == DemoStrategy.THRESHOLD) {
            outcome.mixers()
                    .values()
                    .forEach(m -> assertThat(m.batches().min())
                            .isEqualTo(8)
                            .isEqualTo(m.batches().max()));
        }
    }

    @Test
    void clientsKeepWorkingAcrossKeyRotations(KafkaCluster cluster, @TempDir Path work) throws Exception {
        // 4 s epochs with a 2 s grace: about 12 s of traffic crosses at least two epoch boundaries, and
        // packets built with one epoch's keys are still mixed by the next hop after the boundary.
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(2, 20)
                .withMeanRequestInterval(Duration.ofMillis(600))
                .withCover(2)
                .withEpochs(Duration.ofSeconds(4), Duration.ofSeconds(2));
        DemoOutcome outcome;
        Set<Long> epochsAnnounced = new HashSet<>();
        try (DemoNetwork network = DemoNetwork.start(
                ClientSettings.of(cluster.bootstrapServers(), strings(cluster)), settings, work, step -> {})) {
            long firstEpoch = settings.epochLength().toMillis() > 0
                    ? System.currentTimeMillis() / settings.epochLength().toMillis()
                    : 0;
            outcome = new DemoTraffic(network)
                    .run(p -> network.mixers().values().stream()
                            .map(MixerApplication::lastDescriptor)
                            .forEach(d -> d.ifPresent(info -> info.epochKeys()
                                    .forEach(k -> epochsAnnounced.add(k.key().epoch())))));
            assertThat(epochsAnnounced)
                    .as("epochs announced while traffic ran")
                    .anySatisfy(e -> assertThat(e).isGreaterThanOrEqualTo(firstEpoch + 2));
        }
        assertThat(outcome.succeeded())
                .as("failures %s, matched %d", outcome.failures(), outcome.matched())
                .isTrue();
        outcome.mixers()
                .forEach((id, m) ->
                        assertThat(m.rejections()).as("%s rejections", id).doesNotContainKey("UNKNOWN_EPOCH"));
    }

    static java.util.Map<String, String> strings(KafkaCluster cluster) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        cluster.clientProperties().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                m.put(k, String.valueOf(v));
            }
        });
        return m;
    }
}
