package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A mixer's {@code metrics.port}: served while it runs, gone when it closes, and a clear failure when taken. */
@ExtendWith(KafkaClusterExtension.class)
class MixerMetricsIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private String scrape(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void servesWhileRunningAndStopsServingWhenClosed(KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state"));
        settings.put("metrics.port", "0");
        MixerConfig config = MixerConfig.fromMap(settings, null);
        URI uri;
        try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
            assertThat(mixer.metricsUri()).as("nothing served before start").isEmpty();
            mixer.start();
            uri = mixer.metricsUri().orElseThrow();
            assertThat(mixer.awaitRunning(Duration.ofSeconds(120))).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(scrape(uri))
                            .contains("mixnet_mixer_pool_held{mixer=\"mix-a\",role=\"forward\"} 0.0")
                            .contains("kafka_stream_alive_stream_threads{")
                            .contains("kafka_admin_client_")
                            .contains("jvm_memory_used_bytes"));
        }
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                .as("the endpoint closes with the mixer")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPortInUseFailsStartWithTheSettingNamed(KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings =
                net.mixerSettings("timed", Map.of("strategy.interval", "200ms"), 1, 1, work.resolve("state"));
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            settings.put("metrics.port", Integer.toString(taken.getLocalPort()));
            MixerConfig config = MixerConfig.fromMap(settings, null);
            try (MixerApplication mixer = MixerApplication.create(config, net.clientSettings())) {
                assertThatThrownBy(mixer::start)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageStartingWith(
                                "mixer mix-a: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
                        .hasMessageEndingWith("(settings metrics.bind-address, metrics.port)");
                assertThat(mixer.state()).isNotEqualTo(KafkaStreams.State.RUNNING);
                assertThat(mixer.metricsUri()).isEmpty();
            }
        }
    }
}
