package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.demo.DemoNetwork;
import io.kafkamixnet.cli.demo.DemoOutcome;
import io.kafkamixnet.cli.demo.DemoSettings;
import io.kafkamixnet.cli.demo.DemoStrategy;
import io.kafkamixnet.cli.demo.DemoTraffic;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixnet demo --metrics-port 0}: while the demo's traffic runs, every mixer's {@code /metrics}
 * endpoint is scraped over HTTP, and each scraped counter lies between the mixer's own counter read
 * just before and just after the scrape (cover traffic keeps them moving, so equality is not a fair
 * test while it runs; the bracket is exact).
 */
@ExtendWith(KafkaClusterExtension.class)
class DemoMetricsIT {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scrapedCountersAreTheMixersOwnDuringADemo(KafkaCluster cluster, @TempDir Path work) throws Exception {
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(2, 4)
                .withMeanRequestInterval(Duration.ofMillis(200))
                .withMetricsPort(0);
        try (DemoNetwork network = DemoNetwork.start(
                ClientSettings.of(cluster.bootstrapServers(), strings(cluster)), settings, work, step -> {})) {
            Map<String, URI> endpoints = network.metricsEndpoints();
            assertThat(endpoints).containsOnlyKeys("mix-1", "mix-2", "resp-1");
            DemoOutcome outcome = new DemoTraffic(network).run(progress -> {});
            assertThat(outcome.succeeded())
                    .as("failures %s", outcome.failures())
                    .isTrue();
            for (Map.Entry<String, URI> e : endpoints.entrySet()) {
                MixerApplication mixer = network.mixers().get(e.getKey());
                MixerMetrics own = mixer.metrics();
                long acceptedBefore = own.acceptedCount();
                long releasedBefore = own.releasedCount();
                PrometheusScrape scrape = PrometheusScrape.parse(scrape(e.getValue()));
                long acceptedAfter = own.acceptedCount();
                long releasedAfter = own.releasedCount();
                Map<String, String> labels = Map.of("mixer", e.getKey());
                assertThat(scrape.value("mixnet_mixer_packets_accepted_total", labels))
                        .as("%s accepted", e.getKey())
                        .hasValueSatisfying(v -> assertThat(v.longValue()).isBetween(acceptedBefore, acceptedAfter));
                assertThat(scrape.value("mixnet_mixer_packets_released_total", labels))
                        .as("%s released", e.getKey())
                        .hasValueSatisfying(v -> assertThat(v.longValue()).isBetween(releasedBefore, releasedAfter));
                assertThat(acceptedAfter)
                        .as("%s saw the demo's traffic", e.getKey())
                        .isPositive();
            }
        }
    }

    private String scrape(URI uri) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, String> strings(KafkaCluster cluster) {
        Map<String, String> m = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                m.put(k, String.valueOf(v));
            }
        });
        return m;
    }
}
