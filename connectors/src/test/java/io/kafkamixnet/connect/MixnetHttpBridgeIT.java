package io.kafkamixnet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.ServiceErrorException;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP bridge end to end with real parts only: the embedded Kafka broker, the topology's mixers (two
 * forward, one response, exactly-once), {@link MixnetClient}s, a real Connect worker (child JVM, the
 * packaged plugin on its {@code plugin.path}) running the connector, and an ordinary HTTP server on
 * loopback. Requests go client → mixers → exit topic → connector → HTTP service, and the responses come
 * back through the SURBs → response mixer → the clients' inbox.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixnetHttpBridgeIT {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(180);
    /** What the JDK HTTP client sends by itself (HTTP/1.1), plus the bridge's configured header. */
    private static final Set<String> ALLOWED_HEADERS =
            Set.of("content-length", "host", "user-agent", "content-type", "x-bridge");

    private KafkaCluster cluster;
    private RecordingHttpService http;
    private TestMixnet network;
    private ConnectWorkerProcess worker;

    @BeforeAll
    void start(KafkaCluster cluster, @TempDir Path tmp) throws Exception {
        this.cluster = cluster;
        http = new RecordingHttpService();
        network = new TestMixnet(
                        cluster.clientProperties(),
                        Files.createDirectories(tmp.resolve("network")),
                        List.of("api", "down"))
                .start();
        worker = new ConnectWorkerProcess(tmp.resolve("worker"), cluster.clientProperties())
                .connector(connector("api", http.url("/api")))
                .connector(connector("down", "http://127.0.0.1:" + closedPort() + "/api"))
                .start();
        awaitRunning();
    }

    private Map<String, String> connector(String service, String url) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", "bridge-" + service);
        c.put("connector.class", MixnetHttpSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", network.exitTopic(service));
        c.put("consumer.override.isolation.level", "read_committed");
        // A killed worker's consumer leaves the group after this: the restarted one takes over sooner.
        c.put("consumer.override.session.timeout.ms", "10000");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", network.exitTopic(service) + ".dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("http.url", url);
        c.put("http.headers", "X-Bridge:mixnet");
        c.put("http.timeout.ms", "5000");
        c.put("http.retries", "2");
        c.put("http.retry.backoff.ms", "100");
        // Small, so that the slow requests of the restart tests make the task pause and resume its partitions.
        c.put("mixnet.max.queued.records", "4");
        c.put("mixnet.directory.topic", network.directoryTopic());
        c.put("mixnet.trusted.identities", String.join(",", network.identities()));
        cluster.clientProperties().forEach((k, v) -> c.put("mixnet.kafka." + k, String.valueOf(v)));
        return c;
    }

    private void awaitRunning() throws IOException {
        try {
            await("the Connect worker runs both connectors' tasks")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!worker.alive()) {
                            throw new IllegalStateException("the Connect worker exited");
                        }
                        return worker.running("bridge-api") && worker.running("bridge-down");
                    });
        } catch (RuntimeException e) {
            fail("the Connect worker did not run the connectors (" + e.getMessage() + "); status: "
                    + worker.status("bridge-api") + " " + worker.status("bridge-down") + "\n" + logTail());
        }
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(worker.log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    @AfterAll
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (network != null) {
            network.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again at once: connections to it are refused
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String errorOf(CompletableFuture<byte[]> reply) throws Exception {
        try {
            byte[] b = reply.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected an error reply, got OK with " + b.length + " bytes");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ServiceErrorException.class);
            // The client puts its own words before the service's text.
            String prefix = "the service could not answer: ";
            assertThat(e.getCause().getMessage()).startsWith(prefix);
            return e.getCause().getMessage().substring(prefix.length());
        }
    }

    @Test
    @Order(1)
    void requestsReachTheServiceAndRepliesReachTheClientsWithoutAnyClientIdentity() throws Exception {
        Map<String, String> identities = Map.of("alice", "alice-laptop-7f3e", "bob", "bob-phone-91aa");
        Map<String, List<byte[]>> sent = new LinkedHashMap<>();
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (Map.Entry<String, String> who : identities.entrySet()) {
            MixnetClient client = network.client(Map.of("client.id", who.getValue()), REPLY_TIMEOUT);
            List<byte[]> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] body = utf8(who.getKey() + " request " + i);
                mine.add(body);
            }
            // Larger than one fragment carries: reassembled by the task before the service sees it.
            mine.add(utf8(who.getKey() + " large ".repeat(400)));
            for (byte[] body : mine) {
                replies.add(client.request("api", body, body.length + 16));
                expected.add(utf8("echo:" + text(body)));
            }
            sent.put(who.getKey(), mine);
        }
        for (int i = 0; i < replies.size(); i++) {
            assertThat(text(replies.get(i).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)))
                    .isEqualTo(text(expected.get(i)));
        }

        List<RecordingHttpService.Seen> seen = http.seen();
        for (List<byte[]> bodies : sent.values()) {
            for (byte[] body : bodies) {
                assertThat(http.count(text(body)))
                        .as("times the service saw a request")
                        .isGreaterThanOrEqualTo(1);
            }
        }
        List<String> forbidden = new ArrayList<>(identities.values());
        forbidden.add(network.inboxTopic());
        forbidden.add(network.exitTopic("api"));
        for (RecordingHttpService.Seen s : seen) {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/api");
            assertThat(s.peer().getAddress().isLoopbackAddress()).isTrue();
            for (Map.Entry<String, List<String>> h : s.headers().entrySet()) {
                assertThat(h.getKey().toLowerCase(Locale.ROOT))
                        .as("a header the service received")
                        .isIn(ALLOWED_HEADERS);
                for (String value : h.getValue()) {
                    for (String f : forbidden) {
                        assertThat(value).doesNotContain(f);
                    }
                }
            }
            assertThat(s.headers().get("X-bridge")).containsExactly("mixnet");
        }
    }

    @Test
    @Order(2)
    void httpErrorsComeBackAsErrorRepliesWithTheirStatus() throws Exception {
        MixnetClient client = network.client(Map.of(), REPLY_TIMEOUT);
        CompletableFuture<byte[]> notFound = client.request("api", utf8("STATUS:404"));
        CompletableFuture<byte[]> failed = client.request("api", utf8("STATUS:500"));
        CompletableFuture<byte[]> unavailable = client.request("api", utf8("STATUS:503"));
        CompletableFuture<byte[]> tooBig = client.request("api", utf8("BIG:30000"));

        assertThat(errorOf(notFound)).isEqualTo("HTTP 404: status 404");
        assertThat(errorOf(failed)).isEqualTo("HTTP 500: status 500");
        assertThat(errorOf(unavailable)).isEqualTo("HTTP 503 after 3 attempts: status 503");
        assertThat(errorOf(tooBig)).startsWith("HTTP 200: response body over");
        assertThat(http.count("STATUS:404")).isEqualTo(1); // a 404 is final
        assertThat(http.count("STATUS:503")).isGreaterThanOrEqualTo(3); // retried (2 retries = 3 attempts)
    }

    @Test
    @Order(3)
    void aDownServiceGivesErrorRepliesAfterTheRetries() throws Exception {
        MixnetClient client = network.client(Map.of(), REPLY_TIMEOUT);
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(client.request("down", utf8("to nowhere " + i)));
        }
        for (CompletableFuture<byte[]> r : replies) {
            assertThat(errorOf(r)).isEqualTo("HTTP service unavailable after 3 attempts: connection failed");
        }
    }

    @Test
    @Order(4)
    void aRecordThatIsNoExitMessageGoesToTheDeadLetterQueueAndTheConnectorCarriesOn() throws Exception {
        byte[] garbage = utf8("not an exit message " + java.util.UUID.randomUUID());
        Map<String, Object> producerConfig = new java.util.HashMap<>(cluster.clientProperties());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                producerConfig,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(network.exitTopic("api"), garbage))
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new java.util.HashMap<>(cluster.clientProperties());
        consumerConfig.put("group.id", "dlq-check-" + java.util.UUID.randomUUID());
        consumerConfig.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                consumerConfig,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            String dlq = network.exitTopic("api") + ".dlq";
            List<byte[]> seen = new ArrayList<>();
            await("the undecodable record in " + dlq).atMost(REPLY_TIMEOUT).until(() -> {
                if (consumer.subscription().isEmpty()) {
                    consumer.subscribe(List.of(dlq));
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(v -> java.util.Arrays.equals(v, garbage));
            });
        }
        MixnetClient client = network.client(Map.of(), REPLY_TIMEOUT);
        assertThat(text(client.request("api", utf8("after the DLQ")).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)))
                .isEqualTo("echo:after the DLQ");
    }

    @Test
    @Order(5)
    void nothingIsLostWhenTheWorkerIsStoppedAndStartedAgain() throws Exception {
        restartMidRun(false);
    }

    @Test
    @Order(6)
    void nothingIsLostWhenTheWorkerIsKilledAndRestarted() throws Exception {
        restartMidRun(true);
    }

    /**
     * Sends slow requests, stops the worker while most are queued or in flight (SIGTERM: Connect stops the
     * task, which commits what is answered and interrupts the call in progress; or SIGKILL: nothing more is
     * committed), starts it again, and checks that every request still gets exactly one reply.
     */
    private void restartMidRun(boolean kill) throws Exception {
        MixnetClient client = network.client(Map.of(), REPLY_TIMEOUT);
        int n = 30;
        String run = kill ? "kill" : "stop";
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "SLOW:" + run + " " + i;
            bodies.add(body);
            replies.add(client.request("api", utf8(body)));
        }
        // The service answers one request per 300 ms: stop the worker while most are still queued or in flight.
        await().atMost(REPLY_TIMEOUT).until(() -> bodies.stream().anyMatch(b -> http.count(b) > 0));
        Thread.sleep(1000);
        if (kill) {
            worker.kill();
        } else {
            worker.close();
        }
        long answeredBeforeRestart =
                replies.stream().filter(CompletableFuture::isDone).count();
        worker.start();
        awaitRunning();

        for (int i = 0; i < n; i++) {
            assertThat(text(replies.get(i).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)))
                    .isEqualTo("echo:" + bodies.get(i));
        }
        long duplicates = bodies.stream().mapToLong(b -> http.count(b) - 1).sum();
        System.out.printf(
                "worker %s after %d of %d replies; the service saw %d requests again after the restart; the"
                        + " response mixer has dropped %d second replies as replays in all; the client got %d"
                        + " replies and %d for used SURBs%n",
                kill ? "killed" : "stopped",
                answeredBeforeRestart,
                n,
                duplicates,
                network.replaysDroppedByTheResponseMixer(),
                client.stats().repliesCompleted(),
                client.stats().repliesForExpiredSurbs());
        try (var lines = Files.lines(worker.log())) {
            System.out.printf(
                    "the task paused its partitions %d times so far (mixnet.max.queued.records=4)%n",
                    lines.filter(l -> l.contains("Paused")).count());
        }
        assertThat(bodies).allSatisfy(b -> assertThat(http.count(b)).isGreaterThanOrEqualTo(1));
        assertThat(answeredBeforeRestart)
                .as("requests answered before the restart")
                .isLessThan(n);
        assertThat(client.stats().repliesCompleted()).isEqualTo(n);
        // Exactly once from the client's view: no second reply for a request reached it.
        assertThat(client.stats().repliesForExpiredSurbs()).isZero();
        assertThat(client.stats().repliesRejected()).isZero();
        assertThat(client.stats().serviceErrors()).isZero();
    }
}
