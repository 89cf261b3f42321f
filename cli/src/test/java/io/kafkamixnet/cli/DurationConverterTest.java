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
}
