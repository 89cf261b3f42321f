package io.kafkamixnet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixer process that dies: its failure names a full log the user can still open after the bench has
 * deleted its work directory (where the process's error log was written).
 */
class MixerProcessFailureTest {

    private static final Pattern FULL_LOG = Pattern.compile("\\(full log: ([^)]+)\\)");

    @Test
    void theFullLogNamedInTheFailureOutlivesTheWorkDirectory(@TempDir Path tmp) throws Exception {
        Path workDir = Files.createDirectories(tmp.resolve("work"));
        // An empty configuration: the mixer refuses it and exits 1 at once, before any connection.
        try (MixerProcess mixer =
                MixerProcess.start(Map.of(), ClientSettings.of("127.0.0.1:1"), "64m", workDir, "mixer-test")) {
            Optional<String> failure = await().atMost(Duration.ofMinutes(1)).until(mixer::failure, Optional::isPresent);
            ScratchDirectory.deleteRecursively(workDir); // what the bench does on its way out

            Matcher m = FULL_LOG.matcher(failure.orElseThrow());
            assertThat(m.find()).as(failure.get()).isTrue();
            Path log = Path.of(m.group(1));
            try {
                assertThat(log).as("the full log named in: " + failure.get()).exists();
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Invalid mixer configuration");
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
