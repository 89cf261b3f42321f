package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixer's meters on a real topology (TopologyTestDriver): the Prometheus scrape shows the
 * mixer's own counters, batch sizes and hold times; and every mixnet metric the Grafana dashboard
 * charts is in it. (Kafka's and the JVM's metrics of the dashboard are checked against a live mixer's
 * scrape by the cli module's MetricsEndpointIT.)
 */
class MixerMeterBinderTest {

    private static final Pattern MIXNET_METRIC = Pattern.compile("\\b(mixnet_[a-z0-9_]+)\\b");

    @Test
    void scrapeShowsTheMixersCountersAndDistributions(@TempDir Path dir) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(2)))
                        .build())) {
            MixerMeterBinder binder =
                    new MixerMeterBinder(f.config, f.metrics, null, new PartitionCountRefresher(f.config));
            binder.bindTo(registry);
            f.sendExits("a", 7);
            f.ingress.pipeInput(null, new byte[] {1, 2, 3}); // garbage: UNDECODABLE_RECORD
            assertThat(registry.scrape()).contains("mixnet_mixer_pool_held{mixer=\"mix-a\",role=\"forward\"} 7.0");
            f.advanceMillis(2000);

            String scrape = registry.scrape();
            String tags = "mixer=\"mix-a\",role=\"forward\"";
            assertThat(scrape)
                    .contains("mixnet_mixer_packets_accepted_total{" + tags + "} 7.0")
                    .contains("mixnet_mixer_packets_released_total{" + tags + "} 7.0")
                    .contains("mixnet_mixer_pool_held{" + tags + "} 0.0")
                    .contains("mixnet_mixer_packets_rejected_total{mixer=\"mix-a\",reason=\"UNDECODABLE_RECORD\","
                            + "role=\"forward\"} 1.0")
                    .contains("mixnet_mixer_packets_rejected_total{mixer=\"mix-a\",reason=\"BAD_MAC\","
                            + "role=\"forward\"} 0.0")
                    // one batch of 7: in every bucket from le=10 up, none below
                    .contains("mixnet_mixer_batch_size_bucket{" + tags + ",le=\"5.0\"} 0")
                    .contains("mixnet_mixer_batch_size_bucket{" + tags + ",le=\"10.0\"} 1")
                    .contains("mixnet_mixer_batch_size_count{" + tags + "} 1")
                    .contains("mixnet_mixer_batch_size_sum{" + tags + "} 7.0")
                    // each of the 7 held exactly the 2 s interval (the driver's wall clock)
                    .contains("mixnet_mixer_hold_time_seconds_bucket{" + tags + ",le=\"1.0\"} 0")
                    .contains("mixnet_mixer_hold_time_seconds_bucket{" + tags + ",le=\"2.0\"} 7")
                    .contains("mixnet_mixer_hold_time_seconds_count{" + tags + "} 7")
                    .contains("mixnet_mixer_hold_time_seconds_sum{" + tags + "} 14.0")
                    .contains("mixnet_mixer_descriptors_published_total{" + tags + "} 0.0")
                    .contains("mixnet_mixer_dummies_sent_total{" + tags + "} 0.0");
        } finally {
            registry.close();
        }
    }

    @Test
    void everyMixnetMetricOfTheGrafanaDashboardIsInAScrape(@TempDir Path dir) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(dashboardFile()));
        assertThat(dashboard.path("title").asText()).isEqualTo("Kafka Mixnet");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        Set<String> referenced = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as(panel.path("title").asText()).isNotBlank();
                assertThat(target.path("refId").asText()).isNotBlank();
                Matcher m = MIXNET_METRIC.matcher(expr);
                while (m.find()) {
                    referenced.add(m.group(1));
                }
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(10);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .build())) {
            new MixerMeterBinder(f.config, f.metrics, null, new PartitionCountRefresher(f.config)).bindTo(registry);
            f.sendExits("a", 2);
            f.advanceMillis(1000);
            Set<String> scraped = new TreeSet<>();
            for (String line : registry.scrape().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    scraped.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(referenced).isNotEmpty();
            assertThat(scraped).containsAll(referenced);
        } finally {
            registry.close();
        }
    }

    private static Path dashboardFile() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("deploy/grafana/mixnet-dashboard.json");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IOException(
                "no deploy/grafana/mixnet-dashboard.json above " + Path.of("").toAbsolutePath());
    }
}
