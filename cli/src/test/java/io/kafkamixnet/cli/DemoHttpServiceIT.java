package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mixnet demo --service http}: the demo answered through the Kafka Connect HTTP bridge's caller. */
@ExtendWith(KafkaClusterExtension.class)
class DemoHttpServiceIT {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void theBuiltInHttpEchoAnswersEveryRequestAndSeesNoClientHeaders(KafkaCluster cluster) {
        CommandRun r = run(
                "demo",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--clients",
                "2",
                "--requests",
                "3",
                "--service",
                "http");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "(built-in http-echo)",
                        "connector.class=io.kafkamixnet.connect.MixnetHttpSinkConnector",
                        "http-echo answered 6 HTTP requests; the only headers it ever received: Content-length,"
                                + " Content-type, Host, User-agent",
                        "replies matched              6 of 6",
                        "OK: every reply arrived and matched its request");
    }

    @Test
    void aGivenUrlIsCalledWithTheRequestBodies(KafkaCluster cluster) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/svc", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/svc";
            CommandRun r = run(
                    "demo",
                    "--bootstrap-servers",
                    cluster.bootstrapServers(),
                    "--clients",
                    "1",
                    "--requests",
                    "3",
                    "--service",
                    "http",
                    "--url",
                    url);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("POSTing each request body to " + url, "http.url=" + url);
            assertThat(bodies)
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(b -> assertThat(b).startsWith("request "));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBadServiceOrUrlIsAUsageError() {
        CommandRun service = run("demo", "--service", "ftp");
        assertThat(service.exitCode()).isEqualTo(2);
        assertThat(service.err()).startsWith("mixnet demo: --service must be echo or http, found ftp");
        CommandRun url = run("demo", "--service", "http", "--url", "ftp://x/y");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).startsWith("mixnet demo: --url must be an http:// or https:// URL");
        CommandRun urlWithoutHttp = run("demo", "--url", "http://x/y");
        assertThat(urlWithoutHttp.exitCode()).isEqualTo(2);
        assertThat(urlWithoutHttp.err()).startsWith("mixnet demo: --url goes with --service http");
    }
}
