package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.MixerLinks;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mixer announces exactly the next hops and exit services it is configured with, sorted, nothing more. */
class DescriptorAnnouncerLinksTest {

    private static Map<String, String> forward() {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-a");
        m.put("mixer.role", "forward");
        m.put("strategy", "timed");
        m.put("strategy.interval", "2s");
        m.put("topic.ingress", "mix-a.in");
        m.put("keys.dir", "/keys/mix-a");
        return m;
    }

    @Test
    void forwardMixerAnnouncesItsNextHopsAndExits() {
        Map<String, String> m = forward();
        m.put("next-hop.mix-c", "mix-c.in");
        m.put("next-hop.mix-b", "mix-b.in");
        m.put("exit.survey", "exit.survey");
        m.put("exit.echo", "exit.echo");

        MixerLinks links = DescriptorAnnouncer.links(MixerConfig.fromMap(m, Path.of("/")));

        assertThat(links).isEqualTo(new MixerLinks(List.of("mix-b", "mix-c"), List.of("echo", "survey")));
    }

    @Test
    void aLastHopOnlyMixerAnnouncesNoLinks() {
        assertThat(DescriptorAnnouncer.links(MixerConfig.fromMap(forward(), Path.of("/"))))
                .isEqualTo(MixerLinks.none());
    }

    @Test
    void responseMixerAnnouncesItsNextHopsAndNoExit() {
        Map<String, String> m = forward();
        m.put("mixer.role", "response");
        m.put("topic.reply-inbox", "inbox");
        m.put("next-hop.resp-2", "resp-2.in");

        MixerLinks links = DescriptorAnnouncer.links(MixerConfig.fromMap(m, Path.of("/")));

        assertThat(links.nextHops()).containsExactly("resp-2");
        assertThat(links.exitServices()).isEmpty();
    }
}
