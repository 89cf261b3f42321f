package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MinimalMixerSettings.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.topology.cover.LoopPath;
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

    private static Map<String, String> responseLoops() {
        Map<String, String> m = minimal();
        m.put("directory.topic", "mixnet.directory");
        m.put("heartbeat.rate", "2");
        m.put("heartbeat.paths", "Forward, response");
        m.put("heartbeat.entry.resp-1", "resp-1.in");
        m.put("heartbeat.entry.resp-2", "resp-2.in");
        m.put("heartbeat.reply-inbox", "mixnet.replies");
        return m;
    }

    @Test
    void heartbeatPathsDefaultToForwardAndReadTheResponseSettings() {
        assertThat(DefenceSettings.off().heartbeatPaths()).containsExactly(LoopPath.FORWARD);
        MixerConfig c = MixerConfig.fromMap(responseLoops(), null);
        assertThat(c.defences().heartbeatPaths()).containsExactlyInAnyOrder(LoopPath.FORWARD, LoopPath.RESPONSE);
        assertThat(c.defences().heartbeatPathsSetting()).isEqualTo("forward,response");
        assertThat(c.heartbeatEntries()).isEqualTo(Map.of("resp-1", "resp-1.in", "resp-2", "resp-2.in"));
        assertThat(c.heartbeatReplyInbox()).contains("mixnet.replies");
        // The entries are written to (provisioning, ACLs); the inbox is read, not written.
        assertThat(c.outputTopics())
                .containsEntry("heartbeat.entry.resp-1", "resp-1.in")
                .doesNotContainValue("mixnet.replies");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void aForwardMixersResponseLoopsNeedEntriesAndTheInbox() {
        Map<String, String> noInbox = responseLoops();
        noInbox.remove("heartbeat.reply-inbox");
        assertThatThrownBy(() -> MixerConfig.fromMap(noInbox, null))
                .hasMessageContaining("heartbeat.reply-inbox")
                .hasMessageContaining("mix-a");
        Map<String, String> noEntry = responseLoops();
        noEntry.remove("heartbeat.entry.resp-1");
        noEntry.remove("heartbeat.entry.resp-2");
        assertThatThrownBy(() -> MixerConfig.fromMap(noEntry, null)).hasMessageContaining("heartbeat.entry");
    }

    @Test
    void responseLoopSettingsWithoutResponseLoopsOrOnAResponseMixerAreRefused() {
        Map<String, String> forwardOnly = responseLoops();
        forwardOnly.put("heartbeat.paths", "forward");
        assertThatThrownBy(() -> MixerConfig.fromMap(forwardOnly, null))
                .hasMessageContaining("heartbeat.paths=forward");
        Map<String, String> response = responseLoops();
        response.put("mixer.role", "response");
        response.put("topic.reply-inbox", "mixnet.replies");
        assertThatThrownBy(() -> MixerConfig.fromMap(response, null)).hasMessageContaining("response mixer");
        response.remove("heartbeat.entry.resp-1");
        response.remove("heartbeat.entry.resp-2");
        response.remove("heartbeat.reply-inbox");
        assertThat(MixerConfig.fromMap(response, null).defences().heartbeats(LoopPath.RESPONSE))
                .isTrue();
    }

    @Test
    void badPathListsNameTheKey() {
        for (String bad : new String[] {"", "sideways", "forward,forward", "forward,"}) {
            Map<String, String> m = minimal();
            m.put("heartbeat.paths", bad);
            assertThatThrownBy(() -> MixerConfig.fromMap(m, null)).as(bad).hasMessageContaining("heartbeat.paths");
        }
    }

    @Test
    void anEntryMayNotBeTheInboxOrANextHop() {
        Map<String, String> m = responseLoops();
        m.put("heartbeat.entry.resp-1", "mixnet.replies");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null)).hasMessageContaining("heartbeat.entry.resp-1");
        Map<String, String> n = responseLoops();
        n.put("next-hop.resp-1", "resp-1.in");
        assertThatThrownBy(() -> MixerConfig.fromMap(n, null)).hasMessageContaining("next hop");
    }

    @Test
    void anEntryMayNotBeTheIngressOfANextHopUnderAnotherId() {
        // mix-b is a forward mixer this one relays to: a reply-path loop written to its ingress would be a
        // reply packet at a forward mixer, refused there, and the alarm would blame the response mixers.
        Map<String, String> m = responseLoops();
        m.put("next-hop.mix-b", "mix-b.in");
        m.put("heartbeat.entry.resp-1", "mix-b.in");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null))
                .hasMessageContaining("heartbeat.entry.resp-1")
                .hasMessageContaining("next hop mix-b")
                .hasMessageContaining("found mix-b.in");
    }

    @Test
    void missingEntriesOrInboxAreNamedByTheirSettings() {
        Map<String, String> noEntry = responseLoops();
        noEntry.remove("heartbeat.entry.resp-1");
        noEntry.remove("heartbeat.entry.resp-2");
        assertThatThrownBy(() -> MixerConfig.fromMap(noEntry, null))
                .hasMessageEndingWith("found no heartbeat.entry.* and heartbeat.reply-inbox=mixnet.replies");
        Map<String, String> noInbox = responseLoops();
        noInbox.remove("heartbeat.reply-inbox");
        noInbox.remove("heartbeat.entry.resp-2");
        assertThatThrownBy(() -> MixerConfig.fromMap(noInbox, null))
                .hasMessageEndingWith("found heartbeat.entry.resp-1=resp-1.in and no heartbeat.reply-inbox");
    }

    @Test
    void holdOnAForwardMixerNeedsItsForwardLoops() {
        Map<String, String> m = responseLoops();
        m.put("heartbeat.paths", "response");
        m.put("heartbeat.loops-per-batch", "1");
        assertThatThrownBy(() -> MixerConfig.fromMap(m, null))
                .hasMessageContaining("heartbeat.paths=response; add forward");
        m.remove("heartbeat.loops-per-batch");
        assertThat(MixerConfig.fromMap(m, null).defences().heartbeatPaths()).containsExactly(LoopPath.RESPONSE);
    }
}
