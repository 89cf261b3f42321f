package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mixnet bench pool} stopped mid-run as a user stops it (Ctrl-C or {@code kill}: the JVM runs its
 * shutdown hooks and nothing else): no mixer process outlives it, and nothing of the run stays in the
 * temporary directory but the library log it named — not its work directory (the mixer's keys and
 * state) nor the embedded broker's data.
 */
class BenchInterruptIT {

    @Test
    void aKilledPoolBenchLeavesNoWorkDirectoryNorBrokerData(@TempDir Path work) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path out = work.resolve("bench.out");
        Process bench = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-jar",
                        MixnetJar.jar().toString(),
                        "bench",
                        "pool",
                        "--held",
                        "10000",
                        "--turnover",
                        "5000"))
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(work.resolve("bench.err").toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("filling it"));
        } finally {
            bench.destroy(); // SIGTERM: the same shutdown hooks as Ctrl-C's SIGINT
        }
        assertThat(bench.waitFor(2, TimeUnit.MINUTES)).as("the bench stopped").isTrue();
        assertThat(bench.descendants().filter(ProcessHandle::isAlive).toList())
                .as("mixer processes left")
                .isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(Files::isDirectory).toList())
                    .as("directories left in java.io.tmpdir after the interrupted run")
                    .isEmpty();
        }
    }
}
