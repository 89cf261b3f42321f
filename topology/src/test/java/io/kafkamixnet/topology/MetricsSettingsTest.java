package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code metrics.port} and {@code metrics.bind-address}: off and loopback by default, checked when read. */
class MetricsSettingsTest {

    private static MixerConfig read(Map<String, String> extra) {
        Map<String, String> m = MinimalMixerSettings.minimal();
        m.putAll(extra);
        return MixerConfig.fromMap(m, Path.of("."));
    }

    @Test
    void noEndpointUnlessAPortIsSetAndLoopbackByDefault() {
        MixerConfig c = read(Map.of());
        assertThat(c.metricsPort()).isEmpty();
        assertThat(c.metricsBindAddress()).isEqualTo("127.0.0.1");
        MixerConfig set = read(Map.of("metrics.port", "9401", "metrics.bind-address", "0.0.0.0"));
        assertThat(set.metricsPort()).hasValue(9401);
        assertThat(set.metricsBindAddress()).isEqualTo("0.0.0.0");
        assertThat(read(Map.of("metrics.port", "0")).metricsPort()).hasValue(0);
        assertThat(set.toBuilder().build().metricsPort()).hasValue(9401);
    }

    @Test
    void outOfRangeOrEmptyValuesNameTheSetting() {
        assertThatThrownBy(() -> read(Map.of("metrics.port", "65536")))
                .hasMessageContaining("metrics.port must be between -1 and 65535, found 65536");
        assertThatThrownBy(() -> read(Map.of("metrics.port", "-2")))
                .hasMessageContaining("metrics.port must be between -1 and 65535, found -2");
        assertThatThrownBy(() -> read(Map.of("metrics.bind-address", " ")))
                .hasMessageContaining("metrics.bind-address");
    }
}
