package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user sees when a command line is wrong: one error line naming the whole command, not the help screen. */
class CommandErrorsTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void aBadOptionValueIsOneLineAndAPointerToHelpWithExitCode2() {
        CommandRun r = run("keygen", "--dir", "keys", "--epoch-length", "5x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("mixnet keygen: Invalid value for option '--epoch-length'")
                .contains("found '5x'")
                .contains("Try 'mixnet keygen --help' for the options.")
                .doesNotContain("Usage:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingOptionOfANestedCommandNamesTheWholeCommand() {
        CommandRun r = run("topics", "create");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("mixnet topics create: ").doesNotContain("Usage:");
    }

    @Test
    void anUnknownOptionSuggestsTheCloseOnes() {
        CommandRun r = run("keygen", "--dir", "keys", "--epoch-lenght", "1h");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("mixnet keygen: Unknown option").contains("--epoch-length");
    }

    @Test
    void anUnknownStrategyIsAUsageErrorNamingTheOption() {
        for (String command :
                new String[] {"demo", "bench rejections", "bench throughput", "bench latency", "bench all"}) {
            String[] args = (command + " --strategy foo").split(" ");
            CommandRun r = run(args);
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err())
                    .as(command)
                    .startsWith("mixnet " + command + ": Invalid value for option '--strategy'")
                    .contains("expected one of timed, threshold, pool, continuous; found 'foo'");
        }
    }

    @Test
    void outOfRangeBenchValuesAreUsageErrorsBeforeABrokerStarts() {
        CommandRun partitions = run("bench", "throughput", "--partitions", "0");
        assertThat(partitions.exitCode()).isEqualTo(2);
        assertThat(partitions.err())
                .startsWith("mixnet bench throughput: expected partitions, threads and instances >= 1, found 0, 1, 1");
        CommandRun rate = run("bench", "latency", "--rate", "0");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).startsWith("mixnet bench latency: expected a latency rate of at least 1 packet/s");
        CommandRun held = run("bench", "pool", "--held", "0");
        assertThat(held.exitCode()).isEqualTo(2);
        assertThat(held.err()).startsWith("mixnet bench pool: expected pool sizes of at least 1, found [0]");
        CommandRun heap = run("bench", "pool", "--mixer-heap", "lots");
        assertThat(heap.exitCode()).isEqualTo(2);
        assertThat(heap.err())
                .startsWith(
                        "mixnet bench pool: expected a mixer heap size such as 256m (as for java -Xmx), found 'lots'");
        for (String tooSmall : List.of("1k", "256", "16m", "32767k")) {
            CommandRun small = run("bench", "pool", "--mixer-heap", tooSmall);
            assertThat(small.exitCode()).as(tooSmall).isEqualTo(2);
            assertThat(small.err())
                    .as(tooSmall)
                    .startsWith("mixnet bench pool: expected a mixer heap of at least 32m")
                    .contains("found '" + tooSmall + "'");
            assertThat(small.out()).doesNotContain("embedded Kafka broker");
        }
        CommandRun rocks = run("bench", "pool", "--rocksdb-memory-mib", "-1");
        assertThat(rocks.exitCode()).isEqualTo(2);
        assertThat(rocks.err())
                .startsWith("mixnet bench pool: expected a RocksDB memory bound of 0 (none) or more MiB");
        assertThat(partitions.out() + rate.out() + held.out() + heap.out() + rocks.out())
                .doesNotContain("embedded Kafka broker");
    }

    @Test
    void outOfRangeDemoValuesAreUsageErrorsBeforeAnythingStarts() {
        CommandRun clients = run("demo", "--clients", "0");
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.err()).startsWith("mixnet demo: --clients must be 1..100, found 0");
        CommandRun epochs = run("demo", "--epoch-length", "5s", "--epoch-grace", "10s");
        assertThat(epochs.exitCode()).isEqualTo(2);
        assertThat(epochs.err())
                .startsWith("mixnet demo: --epoch-grace (10s) must be shorter than --epoch-length (5s)");
        assertThat(clients.out() + epochs.out()).doesNotContain("Broker and library log");
    }

    @Test
    void aFailureWhileRunningIsOneLineNamingTheWholeCommandWithExitCode1() {
        CommandRun r = run("mixer", "--config", "/nonexistent/mixer.properties");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("mixnet mixer: ").contains("/nonexistent/mixer.properties");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void sendNamesWhatIsMissingOrWrongBeforeItConnects(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CommandRun noCluster =
                run("send", "--service", "echo", "--data", "x", "--directory-topic", "d", "--reply-inbox", "i");
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.err())
                .startsWith("mixnet send: no Kafka cluster: expected --bootstrap-servers, --client-config, or"
                        + " kafka.bootstrap.servers in --client-properties");
        CommandRun noTrust = run(
                "send",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--service",
                "echo",
                "--data",
                "x",
                "--directory-topic",
                "d",
                "--reply-inbox",
                "i");
        assertThat(noTrust.err()).startsWith("mixnet send: no mixer identity to trust: ");
        java.nio.file.Path props = dir.resolve("client.properties");
        java.nio.file.Files.writeString(props, "directory.topic=d\nreply.inbox=i\n");
        CommandRun misspelt = run("send", "--client-properties", props.toString(), "--service", "echo", "--data", "x");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).contains("unknown key(s) [reply.inbox]");
        assertThat(run("send", "--service", "echo", "--rate", "0").err()).startsWith("mixnet send: --rate must be > 0");
        assertThat(run("send", "--service", "echo", "--cover-rate", "-1").exitCode())
                .isEqualTo(2);
        CommandRun noHops = run(
                "send",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--trusted-identity",
                "ab".repeat(32),
                "--directory-topic",
                "d",
                "--reply-inbox",
                "i",
                "--service",
                "echo",
                "--data",
                "x",
                "--forward-hops",
                "0");
        assertThat(noHops.exitCode()).as(noHops.err()).isEqualTo(2);
        assertThat(noHops.err()).startsWith("mixnet send: --forward-hops (or forward.hops) must be 1..");
    }

    @Test
    void sendHelpListsItsExitCodes() {
        CommandRun r = run("send", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("Exit codes:")
                .contains("3   timeout")
                .contains("4   no route")
                .contains("5   refused");
    }

    @Test
    void aMissingFileOfSendIsNamedOnceWithWhatIsWrong() {
        String id = "ab".repeat(32);
        CommandRun properties =
                run("send", "--service", "echo", "--data", "x", "--client-properties", "/nonexistent/c.properties");
        assertThat(properties.exitCode()).isEqualTo(2);
        assertThat(properties.err())
                .startsWith("mixnet send: cannot read --client-properties: /nonexistent/c.properties: client properties"
                        + " file not found\n");
        CommandRun file = run(
                "send",
                "--service",
                "echo",
                "--file",
                "/nonexistent/request.bin",
                "--bootstrap-servers",
                "127.0.0.1:9",
                "--directory-topic",
                "d",
                "--reply-inbox",
                "r",
                "--trusted-identity",
                id);
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err())
                .startsWith("mixnet send: cannot read --file: no such file or directory: /nonexistent/request.bin\n");
    }
}
