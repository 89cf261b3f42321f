package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayTagTest {

    private static final Geometry G = Geometry.defaults();

    @Test
    void theSamePacketTwiceGivesTheSameTagAtEveryHop() {
        TestNetwork net = new TestNetwork(G, 10);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(5, new RoutingCommand.Exit("svc"));
        List<MixPrivateKey> keys = net.keysOf(route);
        byte[] packet = sphinx.createForwardPacket(route, new byte[10]);
        List<UnwrapResult.Processed> first = TestNetwork.walk(sphinx, keys, packet);
        List<UnwrapResult.Processed> second = TestNetwork.walk(sphinx, keys, packet.clone());
        for (int i = 0; i < 5; i++) {
            assertThat(second.get(i).replayTag()).isEqualTo(first.get(i).replayTag());
            assertThat(second.get(i).output()).isEqualTo(first.get(i).output());
        }
    }

    @Test
    void differentPacketsAndDifferentHopsGiveDifferentTags() {
        TestNetwork net = new TestNetwork(G, 11);
        Sphinx sphinx = net.sphinx();
        Set<String> tags = new HashSet<>();
        int count = 0;
        for (int k = 0; k < 60; k++) {
            // the same route and payload every time: only the packet's own randomness differs
            List<Hop> route = List.of(
                    new Hop(net.keys.get(0).publicKey(), HopInstruction.relay("b", 0)),
                    new Hop(net.keys.get(1).publicKey(), HopInstruction.exit("svc", 0)));
            for (UnwrapResult.Processed r : TestNetwork.walk(
                    sphinx,
                    List.of(net.keys.get(0), net.keys.get(1)),
                    sphinx.createForwardPacket(route, new byte[10]))) {
                tags.add(HexFormat.of().formatHex(r.replayTag()));
                count++;
            }
        }
        assertThat(tags).hasSize(count);
    }

    @Test
    void theTagDoesNotDependOnThePayloadOrRoutingBytesOnlyOnTheSharedSecret() {
        TestNetwork net = new TestNetwork(G, 12);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(2, new RoutingCommand.Exit("svc"));
        byte[] packet = sphinx.createForwardPacket(route, new byte[10]);
        byte[] tagged = packet.clone();
        tagged[G.packetSize() - 1] ^= 1; // payload change: a relay still processes it, with the same tag
        UnwrapResult.Processed a =
                (UnwrapResult.Processed) sphinx.unwrap(net.keysOf(route).get(0), packet);
        UnwrapResult.Processed b =
                (UnwrapResult.Processed) sphinx.unwrap(net.keysOf(route).get(0), tagged);
        assertThat(b.replayTag()).isEqualTo(a.replayTag());
    }

    @Test
    void aTaggedPacketKnowsTheTagItsLastHopWillComputeAndNoOtherHopsTag() {
        TestNetwork net = new TestNetwork(G, 12);
        Sphinx sphinx = net.sphinx();
        for (int hops = 1; hops <= 4; hops++) {
            List<Hop> route = net.route(hops, new RoutingCommand.Drop());
            List<MixPrivateKey> keys = net.keysOf(route);
            TaggedPacket tagged = sphinx.createTaggedForwardPacket(route, new byte[10]);
            List<UnwrapResult.Processed> walked = TestNetwork.walk(sphinx, keys, tagged.packet());
            assertThat(walked.get(hops - 1).replayTag()).isEqualTo(tagged.lastHopReplayTag());
            for (int i = 0; i < hops - 1; i++) {
                assertThat(walked.get(i).replayTag()).isNotEqualTo(tagged.lastHopReplayTag());
            }
            assertThat(tagged.packet()).hasSize(G.packetSize());
            assertThat(tagged.toString()).doesNotContain(HexFormat.of().formatHex(tagged.lastHopReplayTag()));
        }
    }
}
