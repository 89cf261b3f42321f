package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DemoTeardown}: the run's keys and state go whatever stopping the broker does. */
class DemoTeardownTest {

    @Test
    void theWorkDirectoryWithTheKeysIsDeletedEvenWhenStoppingTheBrokerFailsWithAnError(@TempDir Path tmp)
            throws Exception {
        Path workDir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(Files.createDirectories(workDir.resolve("keys")).resolve("epoch.key"), "secret");
        DemoTeardown teardown =
                new DemoTeardown(workDir, tmp.resolve("library.log"), new PrintWriter(new StringWriter()));
        // What a JVM whose jar was replaced under it throws from the broker's shutdown.
        teardown.broker(() -> {
            throw new NoClassDefFoundError("kafka/server/Server$SHUTTING_DOWN$");
        });

        assertThatThrownBy(teardown::finish).isInstanceOf(NoClassDefFoundError.class);
        assertThat(workDir).doesNotExist();
    }
}
