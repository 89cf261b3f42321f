package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MinimalMixerSettings.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefenceSettingsTest {

    @Test
    void offByDefault() {
        DefenceSettings d = MixerConfig.fromMap(minimal(), null).defences();
        assertThat(d).isEqualTo(DefenceSettings.off());
        assertThat(d.any()).isFalse();
    }

    @Test
    void readsEveryKey() {
        Map<String, String> m = minimal();
        m.put("directory.topic", "mixnet.directory");
        m.put("dummy.min-batch", "8");
        m.put("dummy.rate", "0.5");
        m.put("dummy.max-rate", "20");
        m.put("dummy.hops", "3");
        m.put("heartbeat.rate", "2");
        m.put("heartbeat.hops", "1");
        m.put("heartbeat.window", "30s");
        m.put("heartbeat.return-grace", "10s");
        m.put("heartbeat.expected-return", "0.8");
        m.put("heartbeat.false-alarm", "1e-4");
        m.put("heartbeat.hold", "true");
        m.put("heartbeat.loops-per-batch", "1");
        DefenceSettings d = MixerConfig.fromMap(m, null).defences();
        assertThat(d)
                .isEqualTo(new DefenceSettings(
                        8, 0.5, 20, 3, 2, 1, Duration.ofSeconds(30), Duration.ofSeconds(10), 0.8, 1e-4, true, 1));
        assertThat(d.dummies()).isTrue();
        assertThat(d.heartbeats()).isTrue();
    }

    @Test
    void defencesNeedTheDirectoryToRouteOver() {
        Map<String, String> m = minimal();
        m.put("heartbeat.rate", "1");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null))
                .hasMessageContaining("directory.topic")
                .hasMessageContaining("mix-a");
    }

    @Test
    void holdWithoutLoopsIsRefused() {
        Map<String, String> m = minimal();
        m.put("directory.topic", "mixnet.directory");
        m.put("heartbeat.hold", "true");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null)).hasMessageContaining("heartbeat.rate > 0");
    }

    @Test
    void outOfRangeValuesNameTheKey() {
        Map<String, String> m = minimal();
        m.put("directory.topic", "mixnet.directory");
        m.put("heartbeat.expected-return", "1.0");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null)).hasMessageContaining("heartbeat.expected-return");
        Map<String, String> n = minimal();
        n.put("dummy.rate", "-1");
        assertThatThrownBy(() -> MixerConfig.fromMap(n, null)).hasMessageContaining("dummy.rate");
    }

    @Test
    void theTopologyWithoutADirectoryRefusesDefences() {
        MixerConfig c = MixFixture.forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                .directoryTopic("mixnet.directory")
                .defences(DefenceSettings.off().withDummies(4, 0))
                .build();
        assertThatThrownBy(() -> MixerTopology.build(c, null, null, new MixerMetrics(), () -> 1))
                .hasMessageContaining("directory");
    }
}
