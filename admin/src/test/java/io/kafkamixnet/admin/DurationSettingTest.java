package io.kafkamixnet.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DurationSettingTest {

    @Test
    void readsTheShortFormsAndIso8601() {
        assertThat(DurationSetting.parse("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationSetting.parse("x", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationSetting.parse("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationSetting.parse("x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationSetting.parse("x", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationSetting.parse("x", " 10 S ")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationSetting.parse("x", "0s")).isEqualTo(Duration.ZERO);
        assertThat(DurationSetting.parse("x", "PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationSetting.parse("x", "pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aMistakeNamesTheSettingWhatWasExpectedAndWhatWasFound() {
        for (String bad : new String[] {"soon", "", "5", "-5s", "1.5s", "5 sec", "99999999999999999999s"}) {
            assertThatThrownBy(() -> DurationSetting.parse("epoch.length", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("epoch.length must be a duration like 250ms, 5s, 2m, 1h or PT5S, found '" + bad + "'");
        }
    }

    @Test
    void formatsExactUnitsAndReadsBack() {
        assertThat(DurationSetting.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(DurationSetting.format(Duration.ofDays(1))).isEqualTo("24h");
        assertThat(DurationSetting.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DurationSetting.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationSetting.format(Duration.ofMillis(5))).isEqualTo("5ms");
        assertThat(DurationSetting.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationSetting.format(Duration.ZERO)).isEqualTo("0s");
        for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ofHours(25)}) {
            assertThat(DurationSetting.parse("x", DurationSetting.format(d))).isEqualTo(d);
        }
    }

    @Test
    void validatorsAcceptUnsetTextAndDurationsInRange() {
        DurationSetting.Validator v = DurationSetting.between(Duration.ofMillis(1), Duration.ofMillis(5));
        v.ensureValid("strategy.tick", null);
        v.ensureValid("strategy.tick", "5ms");
        v.ensureValid("strategy.tick", Duration.ofMillis(1));
        DurationSetting.validator().ensureValid("epoch.length", "PT0S");
        assertThat(v).hasToString("1ms to 5ms");
        assertThat(DurationSetting.atLeast(Duration.ofMillis(100))).hasToString("at least 100ms");
        assertThat(DurationSetting.atLeast(Duration.ZERO)).hasToString("at least 0s");
        assertThat(DurationSetting.validator()).hasToString("any duration");
    }

    @Test
    void validatorsRejectWithExpectedAndFound() {
        DurationSetting.Validator v = DurationSetting.between(Duration.ofMillis(1), Duration.ofMillis(5));
        assertThatThrownBy(() -> v.ensureValid("strategy.tick", "20ms"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("strategy.tick must be at most 5ms, found PT0.02S");
        assertThatThrownBy(() -> v.ensureValid("strategy.tick", Duration.ZERO))
                .hasMessage("strategy.tick must be at least 1ms, found PT0S");
        assertThatThrownBy(() -> DurationSetting.validator().ensureValid("epoch.length", "soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("epoch.length")
                .hasMessageContaining("found 'soon'");
        assertThatThrownBy(() -> DurationSetting.validator().ensureValid("epoch.length", 5))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("found a Integer");
    }
}
