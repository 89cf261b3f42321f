package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixnet demo} stopped mid-run as a user stops it ({@code kill}, which Ctrl-C resembles: the JVM runs
 * its shutdown hooks and nothing else): it says so, stops its network and broker, and leaves none of the
 * run's keys behind.
 */
class DemoInterruptIT {

    private static final Pattern DELETED = Pattern.compile("Deleted the run's keys and state \\(([^)]+)\\)");

    @Test
    void aKilledDemoStopsItsNetworkAndDeletesItsKeys(@TempDir Path work) throws Exception {
        Path out = work.resolve("demo.out");
        Path err = work.resolve("demo.err");
        Process demo = io.kafkamixnet.cli.MixnetJarAccess.start(
                work, out, err, "demo", "--clients", "2", "--requests", "500", "--cover-rate", "1");
        try {
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("Sending 1000 requests"));
        } finally {
            demo.destroy(); // SIGTERM
        }
        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("the demo stopped").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);

        assertThat(demo.exitValue()).as(printed).isEqualTo(143); // 128 + SIGTERM, as for any JVM
        assertThat(printed).contains("Interrupted: stopping the clients, the service, the mixers and the broker...");
        Matcher deleted = DELETED.matcher(printed);
        assertThat(deleted.find()).as(printed).isTrue();
        assertThat(Path.of(deleted.group(1)))
                .as("the run's work directory (mixer keys)")
                .doesNotExist();
    }
}
