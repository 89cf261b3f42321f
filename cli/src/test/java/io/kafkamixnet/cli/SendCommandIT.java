package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mixnet send} against the README's hand-run network ({@code deploy/local} mixer configs) on the
 * embedded broker: the reply printed raw and as JSON, a quick load, and each exit code.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;

    private KafkaCluster cluster;
    private HandNetwork network;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    void startNetwork(KafkaCluster cluster, @TempDir Path work) throws Exception {
        this.cluster = cluster;
        this.work = work;
        network = HandNetwork.start(cluster, work, Map.of());
    }

    @AfterAll
    void stopNetwork() {
        if (network != null) {
            network.close();
        }
    }

    private Run send(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "send",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--client-properties",
                network.clientProperties().toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(all.toArray(String[]::new));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void printsTheEchoedReplyAsItIs() {
        Run r = send("--service", "echo", "--data", "hello through the mixnet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hello through the mixnet\n");
    }

    @Test
    void jsonCarriesLatencyFragmentsAndTheReply() throws Exception {
        Path file = work.resolve("request.txt");
        String request = "x".repeat(2000); // 3 fragments of 815 bytes
        Files.writeString(file, request);
        Run r = send("--service", "echo", "--file", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("status").asText()).isEqualTo("ok");
        assertThat(j.get("latency_ms").asDouble()).isPositive();
        assertThat(j.get("request_bytes").asInt()).isEqualTo(2000);
        assertThat(j.get("request_fragments").asInt()).isEqualTo(3);
        assertThat(j.get("reply_fragments").asInt()).isEqualTo(2); // 1460 bytes per reply packet
        assertThat(j.get("reply").asText()).isEqualTo(request);
    }

    @Test
    void quickLoadPrintsALatencySummary() {
        Run r = send("--service", "echo", "--data", "load", "--count", "6", "--rate", "20");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "6 requests to echo sent in",
                        "all outcomes after",
                        "6 ok",
                        "errors by kind: none",
                        "latency (ms) p50 ",
                        " p95 ",
                        " p99 ");
    }

    @Test
    void anUnknownServiceHasNoRoute() {
        Run r = send("--service", "nosuchservice", "--data", "hi");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).startsWith("mixnet send: no-route: ").contains("nosuchservice");
    }

    @Test
    void aRefusalIsExitCode5WithTheServicesText() throws Exception {
        Run r = send("--service", "refuse", "--data", "hi", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("mixnet send: refused: ").contains(HandNetwork.REFUSAL);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("status").asText()).isEqualTo("refused");
        assertThat(j.get("exit_code").asInt()).isEqualTo(5);
    }

    @Test
    void noReplyWithinTheTimeoutIsExitCode3() {
        // No round trip through three mixers takes a millisecond.
        Run r = send("--service", "echo", "--data", "hi", "--timeout", "1ms");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("mixnet send: timeout: ");
    }

    @Test
    void aLoadWhoseRequestsAllFailExitsWithTheirCode() {
        Run r = send("--service", "refuse", "--data", "x", "--count", "3", "--rate", "50");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(5);
        assertThat(r.out()).contains("0 ok", "errors by kind: refused 3");
    }

    @Test
    void usageErrorsAreOneLineAndExitCode2() {
        Run both = send("--service", "echo", "--data", "a", "--file", "b");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        Run count = send("--service", "echo", "--data", "a", "--count", "0");
        assertThat(count.exitCode()).isEqualTo(2);
        assertThat(count.err().lines())
                .first()
                .asString()
                .isEqualTo("mixnet send: --count must be 1..1000000, found 0");
        Run noService = send("--data", "a");
        assertThat(noService.exitCode()).isEqualTo(2);
        assertThat(noService.err()).contains("Missing required option: '--service=NAME'");
    }

    @Test
    void withoutTheNetworkSettingsItSaysWhichAreMissing() {
        StringWriter err = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(
                "send", "--bootstrap-servers", cluster.bootstrapServers(), "--service", "echo", "--data", "a");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString())
                .contains("no directory topic: expected --directory-topic or directory.topic in --client-properties");
    }
}
