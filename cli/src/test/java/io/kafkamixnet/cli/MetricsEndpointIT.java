package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerMetrics;
import io.kafkamixnet.topology.RejectionReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mixer of the hand-run network serves {@code /metrics} ({@code metrics.port=0}): scraped over
 * real HTTP while requests and garbage flow, the values equal the mixer's own counters, the Kafka and
 * JVM metrics are there, the dashboard's metrics all exist, and no series is per message or per client.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointIT {

    /** The only labels the mixnet's own series may carry: nothing per packet, client or request. */
    private static final Set<String> MIXNET_LABELS = Set.of("mixer", "role", "reason", "le");

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaCluster cluster;
    private HandNetwork network;
    private MixnetClient client;

    @BeforeAll
    void startNetwork(KafkaCluster cluster, @TempDir Path work) throws Exception {
        this.cluster = cluster;
        network = HandNetwork.start(cluster, work, Map.of("metrics.port", "0"));
        client = MixnetClient.builder()
                .clientConfig(cluster.clientProperties())
                .directoryTopic(network.directoryTopic())
                .trustPolicy(TrustPolicy.trusting(TrustPolicy.readKeyList(work.resolve("trusted-mixers.txt"))))
                .replyInboxTopic(network.replyInbox())
                .build();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (network != null) {
            network.close();
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private PrometheusScrape scrape(MixerApplication mixer) throws Exception {
        HttpResponse<String> r = get(mixer.metricsUri().orElseThrow());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
        return PrometheusScrape.parse(r.body());
    }

    /** Sends {@code n} echo requests (replies not awaited) and waits until the service has handled them. */
    private void traffic(int n) {
        long before = network.echo().stats().requests();
        for (int i = 0; i < n; i++) {
            client.request("echo", ("metrics " + i).getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> network.echo().stats().requests() >= before + n);
    }

    @Test
    void scrapedValuesEqualEachMixersOwnCounters() throws Exception {
        traffic(6);
        // Garbage on mix-1's ingress: dead-lettered as UNDECODABLE_RECORD and counted by reason.
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(network.ingress("mix-1"), new byte[] {1, 2, 3}))
                        .get();
            }
        }
        MixerApplication mix1 = network.mixers().get("mix-1");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mix1.metrics().rejectionCount(RejectionReason.UNDECODABLE_RECORD) == 3);

        for (MixerApplication mixer : network.mixers().values()) {
            String id = mixer.config().mixerId();
            // The network may still be releasing: compare once a scrape lands between two equal readings.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                MixerMetrics m = mixer.metrics();
                long accepted = m.acceptedCount();
                long released = m.releasedCount();
                MixerMetrics.BatchStats batches = m.batchStats();
                PrometheusScrape s = scrape(mixer);
                assertThat(m.acceptedCount()).isEqualTo(accepted);
                assertThat(m.releasedCount()).isEqualTo(released);
                Map<String, String> me = Map.of("mixer", id);
                assertThat(s.value("mixnet_mixer_packets_accepted_total", me)).hasValue((double) accepted);
                assertThat(s.value("mixnet_mixer_packets_released_total", me)).hasValue((double) released);
                assertThat(s.value("mixnet_mixer_packets_dropped_total", me)).hasValue((double) m.droppedCount());
                assertThat(s.value("mixnet_mixer_pool_held", me)).hasValue((double) m.heldCount());
                assertThat(s.value("mixnet_mixer_batch_size_count", me)).hasValue((double) batches.count());
                assertThat(s.value("mixnet_mixer_batch_size_sum", me)).hasValue((double) batches.total());
                assertThat(s.value("mixnet_mixer_hold_time_seconds_count", me)).hasValue((double) released);
                for (RejectionReason reason : RejectionReason.values()) {
                    assertThat(s.value(
                                    "mixnet_mixer_packets_rejected_total",
                                    Map.of("mixer", id, "reason", reason.name())))
                            .as(reason.name())
                            .hasValue((double) m.rejectionCount(reason));
                }
                assertThat(s.value("mixnet_mixer_descriptors_published_total", me))
                        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
                assertThat(s.value("mixnet_mixer_descriptor_last_published_seconds", me))
                        .hasValueSatisfying(v -> assertThat(v * 1000)
                                .isCloseTo(
                                        (double) mixer.lastDescriptor()
                                                .orElseThrow()
                                                .publishedAtMillis(),
                                        org.assertj.core.data.Offset.offset(1.0)));
                assertThat(s.value("mixnet_mixer_ingress_partitions", me)).hasValue(1.0);
            });
            assertThat(mixer.metrics().acceptedCount()).as(id + " accepted").isGreaterThanOrEqualTo(6);
        }
        assertThat(mix1.metrics().rejectionCount(RejectionReason.UNDECODABLE_RECORD))
                .isEqualTo(3);
    }

    @Test
    void kafkaJvmAndDashboardMetricsAreServedToo() throws Exception {
        traffic(2);
        MixerApplication mixer = network.mixers().get("mix-2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> names = scrape(mixer).names();
            assertThat(names).anyMatch(n -> n.startsWith("kafka_stream_"));
            assertThat(names).anyMatch(n -> n.startsWith("kafka_consumer_"));
            assertThat(names).anyMatch(n -> n.startsWith("kafka_producer_"));
            assertThat(names).anyMatch(n -> n.startsWith("kafka_admin_client_"));
            assertThat(names).contains("jvm_memory_used_bytes", "process_cpu_usage");
            // Every metric the Grafana dashboard charts exists in a real scrape.
            assertThat(names).containsAll(GrafanaDashboard.metricNames(GrafanaDashboard.read()));
        });
    }

    @Test
    void noSeriesIsPerMessageOrPerClient() throws Exception {
        traffic(3);
        Map<String, Set<String>> before = mixnetSeries();
        traffic(5);
        Map<String, Set<String>> after = mixnetSeries();
        // More traffic changes values, never the set of series.
        assertThat(after).isEqualTo(before);
        for (Set<String> series : after.values()) {
            for (String s : series) {
                String labels = s.substring(s.indexOf('{') + 1, s.length() - 1);
                Set<String> names = new TreeSet<>();
                for (String pair : labels.split(",")) {
                    if (!pair.isEmpty()) {
                        names.add(pair.substring(0, pair.indexOf('=')));
                    }
                }
                assertThat(MIXNET_LABELS).as(s).containsAll(names);
            }
        }
        // Kafka's own series name the mixer's Kafka clients, tasks and topics: never a mixnet client.
        for (MixerApplication mixer : network.mixers().values()) {
            for (PrometheusScrape.Sample sample : scrape(mixer).samples()) {
                assertThat(sample.labels().keySet())
                        .as(sample.name())
                        .doesNotContain("message_id", "surb_id", "client");
            }
        }
    }

    private Map<String, Set<String>> mixnetSeries() throws Exception {
        Map<String, Set<String>> series = new java.util.TreeMap<>();
        for (MixerApplication mixer : network.mixers().values()) {
            series.put(
                    mixer.config().mixerId(),
                    scrape(mixer).samples().stream()
                            .filter(s -> s.name().startsWith("mixnet_"))
                            .map(s -> s.name()
                                    + s.labels().entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(",", "{", "}")))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        return series;
    }

    @Test
    void theServiceEndpointAndTheClientBinderShowTheirStats() throws Exception {
        traffic(4);
        try (ServiceMetrics serviceMetrics = ServiceMetrics.start(network.echo(), "exit.echo", "127.0.0.1", 0)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var stats = network.echo().stats();
                HttpResponse<String> r = get(serviceMetrics.uri());
                assertThat(r.statusCode()).isEqualTo(200);
                PrometheusScrape s = PrometheusScrape.parse(r.body());
                Map<String, String> tag = Map.of("exit_topic", "exit.echo");
                assertThat(network.echo().stats()).isEqualTo(stats);
                assertThat(s.value("mixnet_service_requests_total", tag)).hasValue((double) stats.requests());
                assertThat(s.value("mixnet_service_replied_total", tag)).hasValue((double) stats.replied());
                assertThat(s.value("mixnet_service_fragments_total", tag)).hasValue((double) stats.fragments());
                assertThat(s.value("mixnet_service_requests_pending", tag)).hasValue((double) stats.pendingRequests());
            });
        }
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        new io.kafkamixnet.client.MixnetClientMeterBinder(client).bindTo(registry);
        var stats = client.stats();
        PrometheusScrape s = PrometheusScrape.parse(registry.scrape());
        assertThat(s.value("mixnet_client_requests_sent_total", Map.of())).hasValue((double) stats.requestsSent());
        assertThat(stats.requestsSent()).isGreaterThanOrEqualTo(4);
        assertThat(s.samples()).allSatisfy(sample -> assertThat(sample.labels()).isEmpty());
        registry.close();
    }

    @Test
    void theEndpointListensOnLoopbackAndServesOnlyGetMetrics() throws Exception {
        MixerApplication mixer = network.mixers().get("resp-1");
        URI uri = mixer.metricsUri().orElseThrow();
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(get(uri.resolve("/other")).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> open = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/openmetrics-text"));
        assertThat(open.body()).contains("mixnet_mixer_packets_accepted").endsWith("# EOF\n");
    }
}
