package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the console shows when a command fails, run as users run it ({@link MixnetJar}): one line per error. */
@ExtendWith(KafkaClusterExtension.class)
class ConsoleErrorsIT {

    private static final String IDENTITY = "ab".repeat(32);

    @Test
    void sendThatCannotReadTheDirectoryPrintsItsErrorOnce(KafkaCluster cluster, @TempDir Path work) throws Exception {
        MixnetJar.Run r = MixnetJar.run(
                work,
                120,
                "send",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--service",
                "echo",
                "--data",
                "hi",
                "--directory-topic",
                "console-errors.no-such-directory",
                "--reply-inbox",
                "console-errors.replies",
                "--trusted-identity",
                IDENTITY,
                "--startup-timeout",
                "2s");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines())
                .as("stderr")
                .singleElement()
                .asString()
                .startsWith(
                        "mixnet send: Gave up trying to read the directory topic 'console-errors.no-such-directory'")
                .contains("raise --startup-timeout");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serviceThatCannotReadTheDirectoryPrintsItsErrorOnceNamingTheOption(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        MixnetJar.Run r = MixnetJar.run(
                work,
                120,
                "service",
                "echo",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--exit-topic",
                "console-errors.exit.echo",
                "--directory-topic",
                "console-errors.no-such-directory",
                "--trusted-identity",
                IDENTITY,
                "--startup-timeout",
                "2s");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines())
                .as("stderr")
                .singleElement()
                .asString()
                .startsWith("mixnet service echo: ")
                .contains("console-errors.no-such-directory", "raise --startup-timeout")
                .doesNotContain("builder");
    }
}
