package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The HTTP side of the metrics endpoint, over a real socket on loopback. */
class MetricsEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheRegistryAtSlashMetricsOnly() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("mixnet.test.things").register(registry).increment(3);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0)) {
            URI uri = endpoint.uri();
            assertThat(uri.toString()).matches("http://127\\.0\\.0\\.1:\\d+/metrics");
            HttpResponse<String> ok = send(HttpRequest.newBuilder(uri));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(ok.body()).contains("mixnet_test_things_total 3.0");

            HttpResponse<String> head =
                    send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            assertThat(send(HttpRequest.newBuilder(uri.resolve("/"))).statusCode())
                    .isEqualTo(404);
            HttpResponse<String> post =
                    send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        } finally {
            registry.close();
        }
    }

    @Test
    void aPortInUseIsAnErrorNamingTheAddress() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint first = MetricsEndpoint.start(registry, "127.0.0.1", 0)) {
            int port = first.address().getPort();
            assertThatThrownBy(() -> MetricsEndpoint.start(registry, "127.0.0.1", port))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot serve metrics on 127.0.0.1:" + port + ": ");
        } finally {
            registry.close();
        }
    }

    @Test
    void anUnknownHostOrPortOutOfRangeIsRefused() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        assertThatThrownBy(() -> MetricsEndpoint.start(registry, "no-such-host.invalid", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown host");
        assertThatThrownBy(() -> MetricsEndpoint.start(registry, "127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics port must be 0..65535, found 70000");
        registry.close();
    }
}
