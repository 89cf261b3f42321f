package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RoundTripTest {

    private static final Geometry G = Geometry.defaults();

    @Property(tries = 60)
    void forwardPacketsRoundTripOverRandomRoutes(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int hops, @ForAll @Size(max = 1484) byte[] payload) {
        TestNetwork net = new TestNetwork(G, seed);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(hops, net.randomForwardTerminal());
        byte[] packet = sphinx.createForwardPacket(route, payload);
        assertThat(packet).hasSize(G.packetSize());

        List<UnwrapResult.Processed> results = TestNetwork.walk(sphinx, net.keysOf(route), packet);
        for (int i = 0; i < hops; i++) {
            UnwrapResult.Processed r = results.get(i);
            assertThat(r.instruction()).isEqualTo(route.get(i).instruction());
            assertThat(r.replayTag()).hasSize(32);
            if (i < hops - 1) {
                assertThat(r.output()).hasSize(G.packetSize());
            }
        }
        byte[] last = results.get(hops - 1).output();
        if (route.get(hops - 1).instruction().command() instanceof RoutingCommand.Exit) {
            assertThat(last).isEqualTo(payload);
        } else {
            assertThat(last).isEmpty();
        }
    }

    @Property(tries = 30)
    void repliesRoundTripThroughSurbs(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int hops, @ForAll @Size(max = 1484) byte[] reply)
            throws Exception {
        TestNetwork net = new TestNetwork(G, seed);
        Sphinx client = net.sphinx();
        SurbId id = SurbId.random(net.secure);
        List<Hop> route = net.route(hops, new RoutingCommand.DeliverReply(id));
        String firstHop = net.randomId();
        SurbBundle bundle = client.createSurb(firstHop, route);
        // The SURB travels as bytes to the service; the secret is persisted by the client.
        Surb atService = Surb.fromBytes(bundle.surb().toBytes());
        assertThat(atService.firstHop()).isEqualTo(firstHop);
        assertThat(atService.epoch()).isEqualTo(TestNetwork.EPOCH);
        SurbSecret kept = SurbSecret.fromBytes(bundle.secret().toBytes());
        assertThat(kept.id()).isEqualTo(id);

        byte[] packet = new Sphinx(G).createReplyPacket(atService, reply);
        assertThat(packet).hasSize(G.packetSize());
        List<UnwrapResult.Processed> results = TestNetwork.walk(client, net.keysOf(route), packet);
        UnwrapResult.Processed last = results.get(hops - 1);
        assertThat(last.instruction().command()).isEqualTo(new RoutingCommand.DeliverReply(id));
        assertThat(last.output()).hasSize(G.payloadSize());
        assertThat(client.openReply(kept, last.output())).isEqualTo(reply);
    }

    @Property(tries = 20)
    void everyRouteLengthGivesTheSameSize(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int hops, @ForAll @Size(max = 1484) byte[] payload) {
        TestNetwork net = new TestNetwork(G, seed);
        Sphinx sphinx = net.sphinx();
        byte[] packet = sphinx.createForwardPacket(net.route(hops, new RoutingCommand.Exit("svc")), payload);
        assertThat(packet).hasSize(2048);
        SurbBundle b =
                sphinx.createSurb("first", net.route(hops, new RoutingCommand.DeliverReply(SurbId.random(net.secure))));
        assertThat(sphinx.createReplyPacket(b.surb(), payload)).hasSize(2048);
        assertThat(b.surb().toBytes()).hasSize(1 + 8 + 1 + 5 + G.headerSize() + 32);
    }

    @Property(tries = 10)
    void smallerAndLargerGeometriesWork(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int maxHops) {
        Geometry g = Geometry.of(maxHops, Geometry.of(maxHops, 4096).headerSize() + 200);
        TestNetwork net = new TestNetwork(g, seed);
        Sphinx sphinx = net.sphinx();
        byte[] payload = net.randomBytes(g.forwardPayloadCapacity());
        List<Hop> route = net.route(maxHops, new RoutingCommand.Exit("svc"));
        List<UnwrapResult.Processed> r =
                TestNetwork.walk(sphinx, net.keysOf(route), sphinx.createForwardPacket(route, payload));
        assertThat(r.get(maxHops - 1).output()).isEqualTo(payload);
    }
}
