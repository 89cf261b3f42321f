package io.kafkamixnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.TopicSpec;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTopicsTest {

    @Test
    void everyTopicOfTheDemoNetworkOnceWithTheSettingsOfItsRoleAndTheDirectoryLast() throws IOException {
        NetworkDescription network = NetworkDescription.load(DemoNetworkFiles.networkFile());

        List<TopicSpec> specs = NetworkTopics.specs(network);

        assertThat(specs)
                .containsExactly(
                        TopicSpec.mixerIngress("mixnet-demo.mix-1.in", 1, 2048),
                        TopicSpec.deadLetter("mixnet-demo.mix-1.in.dead-letter"),
                        TopicSpec.mixerIngress("mixnet-demo.mix-2.in", 1, 2048),
                        TopicSpec.deadLetter("mixnet-demo.mix-2.in.dead-letter"),
                        TopicSpec.mixerIngress("mixnet-demo.resp-1.in", 1, 2048),
                        TopicSpec.deadLetter("mixnet-demo.resp-1.in.dead-letter"),
                        TopicSpec.exit("mixnet-demo.exit.echo", 1, 2048),
                        TopicSpec.replyInbox("mixnet-demo.replies", 1, 2048),
                        TopicSpec.directory("mixnet-demo.directory"));
        assertThat(NetworkTopics.directorySpec(network)).isEqualTo(TopicSpec.directory("mixnet-demo.directory"));
        assertThat(specs.stream().map(TopicSpec::name)).containsExactlyInAnyOrderElementsOf(network.topics());
    }
}
