package io.kafkamixnet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControllerQuorumTest {

    @Test
    void parsesAndPrintsKafkasVotersFormat() {
        ControllerQuorum q = ControllerQuorum.parse("1@127.0.0.1:40001,2@127.0.0.1:40002,3@[::1]:40003");
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.voter(3)).hasValue(new ControllerQuorum.Voter(3, "[::1]", 40003));
        assertThat(q).hasToString("1@127.0.0.1:40001,2@127.0.0.1:40002,3@[::1]:40003");
        assertThat(q.internalReplicationFactor()).isEqualTo((short) 3);
        assertThat(q.minInSyncReplicas()).isEqualTo(2);
    }

    @Test
    void smallClustersReplicateAsFarAsTheyCan() {
        assertThat(ControllerQuorum.parse("1@localhost:1").internalReplicationFactor())
                .isEqualTo((short) 1);
        assertThat(ControllerQuorum.parse("1@localhost:1").minInSyncReplicas()).isEqualTo(1);
        assertThat(ControllerQuorum.parse("1@h:1,2@h:2").minInSyncReplicas()).isEqualTo(1);
        assertThat(ControllerQuorum.parse("1@h:1,2@h:2,3@h:3,4@h:4,5@h:5").internalReplicationFactor())
                .isEqualTo((short) 3);
    }

    @Test
    void refusesMalformedEntriesAndRepeatedIds() {
        assertThatThrownBy(() -> ControllerQuorum.parse("1@h:1,h:2"))
                .hasMessage(
                        "controller quorum voters must be id@host:port[,id@host:port...], found 'h:2' in '1@h:1,h:2'");
        assertThatThrownBy(() -> ControllerQuorum.parse("1@h:1,1@h:2")).hasMessageContaining("repeat node id 1");
        assertThatThrownBy(() -> ControllerQuorum.parse("1@h:70000")).hasMessageContaining("found 70000");
        assertThatThrownBy(() -> ControllerQuorum.parse("")).hasMessageContaining("found ''");
    }

    @Test
    void aNodeMustBeAVoterAndShareTheClusterId() {
        ControllerQuorum q = ControllerQuorum.parse("1@127.0.0.1:40001,2@127.0.0.1:40002");
        assertThatThrownBy(() -> EmbeddedBrokerSettings.builder()
                        .nodeId(5)
                        .controllerQuorum(q)
                        .clusterId("MkU3OEVBNTcwNTJENDM2Qg")
                        .build())
                .hasMessageContaining("node 5 is not one of the controller quorum voters");
        assertThatThrownBy(() -> EmbeddedBrokerSettings.builder()
                        .nodeId(1)
                        .controllerQuorum(q)
                        .build())
                .hasMessageContaining("needs the cluster id");
        assertThatThrownBy(() -> EmbeddedBrokerSettings.builder().clusterId("not-a-uuid"))
                .hasMessageContaining("found 'not-a-uuid'");
        EmbeddedBrokerSettings node2 = EmbeddedBrokerSettings.builder()
                .nodeId(2)
                .controllerQuorum(q)
                .clusterId("MkU3OEVBNTcwNTJENDM2Qg")
                .build();
        assertThat(node2.controllerPort()).isEqualTo(40002);
        assertThat(node2.clusterSize()).isEqualTo(2);
        assertThat(EmbeddedKafkaBroker.brokerProperties(node2, java.nio.file.Path.of("/tmp/x"), 9092, 40002))
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:40001,2@127.0.0.1:40002")
                .containsEntry("offsets.topic.replication.factor", "2")
                .containsEntry("min.insync.replicas", "1");
    }
}
