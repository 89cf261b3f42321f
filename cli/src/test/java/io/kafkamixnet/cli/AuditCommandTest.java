package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.audit.SyntheticNetworkLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mixnet audit} on a log directory written with Kafka's record classes, and its usage errors. */
class AuditCommandTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void printsTheTableTheJsonAndTheHtmlReport(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        SyntheticNetworkLog.write(logs, 200, 6, 10, 5);

        CommandRun table = run(
                "audit",
                "--log-dir",
                logs.toString(),
                "--html",
                dir.resolve("r.html").toString());
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("End to end: exit records, entropy over first-hop senders")
                .contains("bench-mixer")
                .contains("[OK  ] sizes")
                .contains("Per-producer volume over time (first hop, windows of 10 s;")
                .contains("HTML report: ");
        String html = Files.readString(dir.resolve("r.html"));
        // Entropy, releases, delays and the per-producer volume.
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(5);

        CommandRun json = run("audit", "--log-dir", logs.toString(), "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.path("endToEnd").path("messages").asInt()).isPositive();
        assertThat(root.path("endToEnd").path("population").asInt()).isBetween(2, 10);
        assertThat(root.path("mixers")).hasSize(1);
        assertThat(root.path("exitEntropy").path("rows").size())
                .isEqualTo(root.path("endToEnd").path("messages").asInt());
        assertThat(root.path("volumes").path("windowMillis").asLong()).isEqualTo(10_000);
        assertThat(root.path("volumes").path("series").size()).isBetween(2, 10);

        CommandRun shaped = run(
                "audit",
                "--log-dir",
                logs.toString(),
                "--json",
                "--volume-window",
                "20s",
                "--volume-alpha",
                "0.05",
                "--activity",
                "2026-11-30T05:00:00Z/2026-11-30T05:00:30Z,2026-11-30T06:00:00Z/2026-11-30T06:00:30Z");
        assertThat(shaped.exitCode()).as(shaped.err()).isZero();
        JsonNode volumes = new ObjectMapper().readTree(shaped.out()).path("volumes");
        assertThat(volumes.path("windowMillis").asLong()).isEqualTo(20_000);
        assertThat(volumes.path("alpha").asDouble()).isEqualTo(0.05);
        assertThat(volumes.path("activity")).hasSize(2);
    }

    @Test
    void aWindowOutsideTheLogsHasNoMessages(@TempDir Path dir) {
        SyntheticNetworkLog.write(dir, 20, 3, 5, 1);
        CommandRun r = run("audit", "--log-dir", dir.toString(), "--to", "2000-01-01T00:00:00Z", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"messages\" : 0");
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2(@TempDir Path dir) {
        CommandRun missing = run("audit");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("mixnet audit: Missing required option: '--log-dir=DIR'");

        CommandRun noDir = run("audit", "--log-dir", dir.resolve("nope").toString());
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).contains("--log-dir must be the broker's log directory, found no directory");

        CommandRun window = run(
                "audit", "--log-dir", dir.toString(), "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.err()).contains("--from must be before --to");

        CommandRun badInstant = run("audit", "--log-dir", dir.toString(), "--from", "yesterday");
        assertThat(badInstant.exitCode()).isEqualTo(2);
        assertThat(badInstant.err())
                .contains("expected an ISO-8601 instant such as 2026-11-30T05:00:00Z, found 'yesterday'");

        CommandRun narrow = run("audit", "--log-dir", dir.toString(), "--volume-window", "50ms");
        assertThat(narrow.exitCode()).isEqualTo(2);
        assertThat(narrow.err())
                .contains("Invalid value for option '--volume-window': expected a window of 100ms or more,"
                        + " found '50ms'")
                .doesNotContain("PT0.05S");

        CommandRun alpha = run("audit", "--log-dir", dir.toString(), "--volume-alpha", "0");
        assertThat(alpha.exitCode()).isEqualTo(2);
        assertThat(alpha.err()).contains("--volume-alpha must be in (0, 0.5], found 0.0");

        CommandRun period = run("audit", "--log-dir", dir.toString(), "--activity", "2026-11-30T05:00:00Z");
        assertThat(period.exitCode()).isEqualTo(2);
        assertThat(period.err()).contains("expected FROM/TO, two ISO-8601 instants");

        CommandRun keep = run("demo", "--keep-network", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(keep.exitCode()).isEqualTo(2);
        assertThat(keep.err())
                .contains("--keep-network keeps the embedded single broker")
                .contains("given cluster");
    }

    @Test
    void aDirectoryWithoutKafkaLogsIsAClearError(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("not-a-partition"));
        CommandRun r = run("audit", "--log-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("expected partition directories (<topic>-<partition>)");
    }
}
