package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mixnet attack}'s usage errors: one line naming the command, exit code 2, before any broker starts. */
class AttackCommandErrorsTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void anUnknownStrategyNamesTheOptionAndTheAcceptedValues() {
        CommandRun r = run("attack", "n-1", "--strategy", "threshold,foo");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("mixnet attack n-1: Invalid value for option '--strategy'")
                .contains("expected one of threshold, timed, pool, continuous; found 'foo'")
                .doesNotContain("Usage:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void outOfRangeSettingsAreUsageErrorsReportedBeforeTheBrokerStarts() {
        CommandRun trials = run("attack", "n-1", "--trials", "0");
        assertThat(trials.exitCode()).isEqualTo(2);
        assertThat(trials.err()).startsWith("mixnet attack n-1: trials must be at least 1, found 0");
        assertThat(trials.out()).doesNotContain("embedded Kafka broker");

        CommandRun cover = run("attack", "timing", "--cover-rate", "0,-2");
        assertThat(cover.exitCode()).isEqualTo(2);
        assertThat(cover.err()).startsWith("mixnet attack timing: a cover rate must be 0 or more");

        CommandRun clients = run("attack", "timing", "--clients", "1");
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.err()).startsWith("mixnet attack timing: the timing attack needs at least 2 clients");
    }

    @Test
    void timingWithDefencesTakesOnlyWhatTheRelayMeasurementCanRun() {
        CommandRun heartbeat = run("attack", "timing", "--defences", "none,heartbeat");
        assertThat(heartbeat.exitCode()).isEqualTo(2);
        assertThat(heartbeat.err())
                .startsWith("mixnet attack timing: with the timing attack --defences takes none and dummies;"
                        + " found heartbeat");
        assertThat(heartbeat.out()).doesNotContain("embedded Kafka broker");

        CommandRun threshold = run("attack", "timing", "--defences", "dummies", "--strategy", "threshold");
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err()).contains("timed or continuous; found threshold");

        CommandRun cover = run("attack", "timing", "--defences", "none,dummies", "--cover-rate", "1");
        assertThat(cover.exitCode()).isEqualTo(2);
        assertThat(cover.err()).startsWith("mixnet attack timing: --cover-rate is an option of the exit measurement");

        CommandRun trials = run("attack", "timing", "--defences", "dummies", "--trials", "0");
        assertThat(trials.exitCode()).isEqualTo(2);
        assertThat(trials.err()).startsWith("mixnet attack timing: trials must be at least 1, found 0");

        CommandRun withoutDefences = run("attack", "timing", "--trials", "20");
        assertThat(withoutDefences.exitCode()).isEqualTo(2);
        assertThat(withoutDefences.err())
                .startsWith("mixnet attack timing: --trials is an option of the relay-output measurement: give"
                        + " --defences too");
    }

    @Test
    void aZeroTrialTimeoutIsReportedAsTyped() {
        CommandRun r = run("attack", "timing", "--defences", "dummies", "--trial-timeout", "0s");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("mixnet attack timing: Invalid value for option '--trial-timeout'")
                .contains("found '0s'")
                .doesNotContain("PT0S");
    }

    @Test
    void aJsonFileInAMissingDirectoryIsAUsageErrorBeforeTheBrokerStarts(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir").resolve("out.json");
        for (String[] args : List.of(
                new String[] {"attack", "timing", "--defences", "dummies", "--json", missing.toString()},
                new String[] {"attack", "n-1", "--json", missing.toString()})) {
            CommandRun r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err())
                    .contains("Invalid value for option '--json'")
                    .contains("expected a file in an existing directory")
                    .contains(dir.resolve("no-such-dir").toString());
            assertThat(r.out()).doesNotContain("embedded Kafka broker");
        }
        CommandRun aDirectory = run("attack", "n-1", "--json", dir.toString());
        assertThat(aDirectory.exitCode()).isEqualTo(2);
        assertThat(aDirectory.err())
                .contains("Invalid value for option '--json'")
                .contains("is a directory");
    }

    @Test
    void attackWithoutASubcommandShowsItsHelp() {
        CommandRun r = run("attack");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("n-1").contains("timing");
    }
}
