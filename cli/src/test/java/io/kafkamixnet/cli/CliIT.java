package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the {@code mixnet} command line in-process against a real cluster. */
@ExtendWith(KafkaClusterExtension.class)
class CliIT {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void helpListsTheSubcommands() {
        CommandRun r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "broker", "topics");
    }

    @Test
    void topicsCreateAndDescribe(KafkaCluster cluster) {
        String topic = "cli-ingress-" + UUID.randomUUID().toString().substring(0, 8);
        CommandRun created = run(
                "topics",
                "create",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--role",
                "ingress",
                "--partitions",
                "3",
                topic);
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("created", topic);

        CommandRun described = run("topics", "describe", "--bootstrap-servers", cluster.bootstrapServers(), topic);
        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.out()).contains(topic, "partitions=3", "message.timestamp.type=LogAppendTime");
    }

    @Test
    void aClusterNodeNeedsItsQuorumClusterIdPortAndData() {
        CommandRun r = run("broker", "--node-id", "2");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--node-id needs --controller-quorum-voters, --cluster-id, --port and --data-dir");
        CommandRun notAVoter = run(
                "broker",
                "--node-id",
                "4",
                "--controller-quorum-voters",
                "1@127.0.0.1:1,2@127.0.0.1:2",
                "--cluster-id",
                "q1bJ7sIbRYyDOC4dm2sjNw",
                "--port",
                "1",
                "--data-dir",
                "/nonexistent");
        assertThat(notAVoter.exitCode()).isNotZero();
        assertThat(notAVoter.err()).contains("node 4 is not one of the controller quorum voters");
        assertThat(run("broker", "--nodes", "0").err()).contains("--nodes must be 1..9, found 0");
        assertThat(run("demo", "--nodes", "2", "--replication-factor", "3").err())
                .contains("--replication-factor 3 needs at least as many brokers; --nodes is 2");
    }

    @Test
    void aBadRoleIsAClearError(KafkaCluster cluster) {
        CommandRun r =
                run("topics", "create", "--bootstrap-servers", cluster.bootstrapServers(), "--role", "nonsense", "t");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("expected one of ingress, exit, inbox, dead-letter, directory; found 'nonsense'");
    }

    @Test
    void demoRunsAgainstAGivenClusterAndPrintsItsSummary(KafkaCluster cluster) {
        CommandRun r = run(
                "demo",
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--clients",
                "2",
                "--requests",
                "3",
                "--strategy",
                "continuous");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Using the Kafka cluster at " + cluster.bootstrapServers(),
                        "replies matched              6 of 6",
                        "latency end to end (ms) p50",
                        "mix-1",
                        "mix-2",
                        "resp-1",
                        "rejections by reason    none",
                        "OK: every reply arrived and matched its request");
        // Library logs (broker, Kafka clients, Streams, mixers) went to the file the demo named at start.
        java.util.regex.Matcher named = java.util.regex.Pattern.compile(
                        "Broker and library log \\(Kafka, Streams, mixers\\): (\\S+)")
                .matcher(r.out());
        assertThat(named.find()).as(r.out()).isTrue();
        assertThat(java.nio.file.Path.of(named.group(1))).exists();
    }

    @Test
    void demoWithAShortStartupTimeoutAndNoBrokerFailsWithAClearMessage() {
        // A port nothing listens on: the cluster the user named is not there (or not up yet).
        try (io.kafkamixnet.testkit.LateKafkaBroker nowhere = io.kafkamixnet.testkit.LateKafkaBroker.reserve()) {
            CommandRun r = run(
                    "demo",
                    "--bootstrap-servers",
                    nowhere.bootstrapServers(),
                    "--startup-timeout",
                    "1s",
                    "--clients",
                    "1",
                    "--requests",
                    "1");
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.err())
                    .contains(
                            "mixnet demo: the mix network did not start: Gave up trying to",
                            "the last one: ",
                            "Timed out waiting for a node assignment",
                            "(--startup-timeout, now 1s, bounds the start-up of every mixer, the service and the"
                                    + " clients)")
                    .doesNotContain("CompletionException");
        }
    }

    @Test
    void keygenWritesOwnerOnlyKeysAndPrintsOnlyPublicKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keys = dir.resolve("mix-a");
        CommandRun r = run("keygen", "--dir", keys.toString(), "--epochs", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("identity public key");
        try (var files = java.nio.file.Files.list(keys)) {
            for (java.nio.file.Path f : files.toList()) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(f))
                        .as(f.getFileName().toString())
                        .containsExactlyInAnyOrder(
                                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
                // No private key material is printed: no file's content appears in the output.
                String content = java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .strip();
                if (!content.isEmpty()) { // the key ring's lock file is empty
                    assertThat(r.out()).doesNotContain(content);
                }
            }
        }
        CommandRun again = run("keygen", "--dir", keys.toString(), "--epochs", "2");
        assertThat(again.out()).contains("kept existing");
    }
}
