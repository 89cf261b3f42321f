package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mixnet attack}'s usage errors: one line naming the command, exit code 2, before any broker starts. */
class AttackCommandErrorsTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = MixnetCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownStrategyNamesTheOptionAndTheAcceptedValues() {
        Run r = run("attack", "n-1", "--strategy", "threshold,foo");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("mixnet attack n-1: Invalid value for option '--strategy'")
                .contains("expected one of threshold, timed, pool, continuous; found 'foo'")
                .doesNotContain("Usage:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void outOfRangeSettingsAreUsageErrorsReportedBeforeTheBrokerStarts() {
        Run trials = run("attack", "n-1", "--trials", "0");
        assertThat(trials.exitCode()).isEqualTo(2);
        assertThat(trials.err()).startsWith("mixnet attack n-1: trials must be at least 1, found 0");
        assertThat(trials.out()).doesNotContain("embedded Kafka broker");

        Run cover = run("attack", "timing", "--cover-rate", "0,-2");
        assertThat(cover.exitCode()).isEqualTo(2);
        assertThat(cover.err()).startsWith("mixnet attack timing: a cover rate must be 0 or more");

        Run clients = run("attack", "timing", "--clients", "1");
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.err()).startsWith("mixnet attack timing: the timing attack needs at least 2 clients");
    }

    @Test
    void timingWithDefencesTakesOnlyWhatTheRelayMeasurementCanRun() {
        Run heartbeat = run("attack", "timing", "--defences", "none,heartbeat");
        assertThat(heartbeat.exitCode()).isEqualTo(2);
        assertThat(heartbeat.err())
                .startsWith("mixnet attack timing: with the timing attack --defences takes none and dummies;"
                        + " found heartbeat");
        assertThat(heartbeat.out()).doesNotContain("embedded Kafka broker");

        Run threshold = run("attack", "timing", "--defences", "dummies", "--strategy", "threshold");
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err()).contains("timed or continuous; found threshold");

        Run cover = run("attack", "timing", "--defences", "none,dummies", "--cover-rate", "1");
        assertThat(cover.exitCode()).isEqualTo(2);
        assertThat(cover.err()).startsWith("mixnet attack timing: --cover-rate is an option of the exit measurement");

        Run trials = run("attack", "timing", "--defences", "dummies", "--trials", "0");
        assertThat(trials.exitCode()).isEqualTo(2);
        assertThat(trials.err()).startsWith("mixnet attack timing: trials must be at least 1, found 0");

        Run withoutDefences = run("attack", "timing", "--trials", "20");
        assertThat(withoutDefences.exitCode()).isEqualTo(2);
        assertThat(withoutDefences.err())
                .startsWith("mixnet attack timing: --trials is an option of the relay-output measurement: give"
                        + " --defences too");
    }

    @Test
    void attackWithoutASubcommandShowsItsHelp() {
        Run r = run("attack");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("n-1").contains("timing");
    }
}
