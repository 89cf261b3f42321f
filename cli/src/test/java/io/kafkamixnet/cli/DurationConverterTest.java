package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void readsWhatTheMixerSettingsRead() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(c.convert("PT5S")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBadOptionValueIsAUsageErrorNamingTheOptionExpectedAndFound() {
        KeygenCommand keygen = new KeygenCommand();
        assertThatThrownBy(() -> new CommandLine(keygen).parseArgs("--dir", "keys", "--epoch-length", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'--epoch-length'")
                .hasMessageContaining("expected a duration like 250ms, 5s, 2m, 1h or PT5S, found 'soon'");
    }

    @Test
    void aBadStartupTimeoutIsAUsageErrorBeforeTheCommandRuns() {
        for (String bad : new String[] {"-1s", "5x"}) {
            CommandLine demo = new CommandLine(new DemoCommand());
            assertThatThrownBy(() -> demo.parseArgs("--startup-timeout", bad))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("'--startup-timeout'")
                    .hasMessageContaining("found '" + bad + "'");
        }
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--startup-timeout", "2m");
        assertThat(demo.startup.startupTimeout()).contains(Duration.ofMinutes(2));
    }

    @Test
    void durationOptionsAndTheirDefaultsAreParsed() {
        KeygenCommand keygen = new KeygenCommand();
        new CommandLine(keygen).parseArgs("--dir", "keys");
        assertThat(keygen.epochLength).isEqualTo(Duration.ofHours(1));
        MixerCommand mixer = new MixerCommand();
        new CommandLine(mixer).parseArgs("--config", "m.properties", "--status-interval", "0s");
        assertThat(mixer.status).isZero();
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--epoch-length", "10s", "--epoch-grace", "2s");
        assertThat(demo.epochLength).isEqualTo(Duration.ofSeconds(10));
        assertThat(demo.epochGrace).isEqualTo(Duration.ofSeconds(2));
        DemoCommand defaults = new DemoCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.epochLength).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.epochGrace).isEqualTo(Duration.ofMinutes(10));
    }

    /** Runs {@code args} through the whole command line, as {@code main} does. */
    private static String[] run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int rc = cl.execute(args);
        return new String[] {Integer.toString(rc), err.toString(), out.toString()};
    }

    @Test
    void anOutOfRangeDurationNamesTheOptionAndEchoesTheValueAsTyped() {
        String id = "ab".repeat(32);
        String[][] cases = {
            {"--epoch-length", "keygen", "--dir", "keys", "--epoch-length", "100ms"},
            {"--epoch-length", "keygen", "--dir", "keys", "--epoch-length", "PT0.5S"},
            {"--startup-timeout", "send", "--service", "echo", "--data", "x", "--startup-timeout", "0s"},
            {"--startup-timeout", "demo", "--startup-timeout", "0s"},
            {"--startup-timeout", "topics", "describe", "--startup-timeout", "PT-1S", "t"},
            {"--timeout", "send", "--service", "echo", "--data", "x", "--timeout", "0ms"},
            {"--epoch-length", "send", "--service", "echo", "--data", "x", "--epoch-length", "100ms"},
            {"--epoch-grace", "demo", "--epoch-grace", "PT-5S"},
            {"--trial-timeout", "attack", "n-1", "--trial-timeout", "0s"},
            {"--duration", "attack", "timing", "--duration", "0s"},
            {"--status-interval", "mixer", "--config", "m.properties", "--status-interval", "PT-1S"},
        };
        for (String[] c : cases) {
            String option = c[0];
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            String typed = args[java.util.Arrays.asList(args).lastIndexOf(option) + 1];
            String[] r = run(args);
            assertThat(r[0]).as(String.join(" ", args) + ": " + r[1]).isEqualTo("2");
            assertThat(r[1])
                    .as(String.join(" ", args))
                    .contains("Invalid value for option '" + option + "'")
                    .contains("found '" + typed + "'")
                    .doesNotContainPattern("found PT|\\(PT");
            assertThat(r[2]).as("nothing started").isEmpty();
        }
        // Two options that only go wrong together name both, each value as typed.
        String[] grace = run(
                "send",
                "--service",
                "echo",
                "--data",
                "x",
                "--bootstrap-servers",
                "127.0.0.1:9",
                "--directory-topic",
                "d",
                "--reply-inbox",
                "r",
                "--trusted-identity",
                id,
                "--epoch-length",
                "1s",
                "--epoch-grace",
                "PT5S");
        assertThat(grace[0]).as(grace[1]).isEqualTo("2");
        assertThat(grace[1]).contains("--epoch-grace (PT5S) must be shorter than --epoch-length (1s)");
    }
}
