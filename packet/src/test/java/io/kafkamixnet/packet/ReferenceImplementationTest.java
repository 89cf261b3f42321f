package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The production code and the naive reference (built from the spec on other primitives) agree byte for byte. */
class ReferenceImplementationTest {

    private static final Geometry G = Geometry.defaults();

    private static byte[] slot(HopInstruction ins) {
        byte[] s = new byte[Geometry.COMMAND_LENGTH];
        CommandCodec.encode(ins, s, 0);
        return s;
    }

    @Property(tries = 15)
    void forwardPacketsAreIdentical(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int hops, @ForAll @Size(max = 1484) byte[] payload) {
        TestNetwork net = new TestNetwork(G, seed);
        List<Hop> route = net.route(hops, net.randomForwardTerminal());
        byte[] x = net.randomBytes(32);
        byte[] padding = net.randomBytes(G.routingInfoSize() - hops * Geometry.PER_HOP_ROUTING_LENGTH);
        List<byte[]> script = new ArrayList<>(List.of(x));
        if (padding.length > 0) {
            script.add(padding);
        }
        ScriptedRandom scripted = new ScriptedRandom(script);
        byte[] production = new Sphinx(G, scripted).createForwardPacket(route, payload);
        assertThat(scripted.exhausted()).isTrue();
        byte[] reference = ReferenceSphinx.forwardPacket(
                G.maxHops(),
                G.packetSize(),
                route.stream().map(h -> h.key().bytes()).toList(),
                route.stream().map(h -> slot(h.instruction())).toList(),
                payload,
                x,
                padding);
        assertThat(production).isEqualTo(reference);
    }

    @Property(tries = 10)
    void repliesAreIdenticalAndOpenBothWays(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int hops, @ForAll @Size(max = 1484) byte[] reply)
            throws Exception {
        TestNetwork net = new TestNetwork(G, seed);
        List<Hop> route = net.route(hops, new RoutingCommand.DeliverReply(SurbId.random(net.secure)));
        byte[] x = net.randomBytes(32);
        byte[] padding = net.randomBytes(G.routingInfoSize() - hops * Geometry.PER_HOP_ROUTING_LENGTH);
        byte[] replyKey = net.randomBytes(32);
        List<byte[]> script = new ArrayList<>(List.of(x));
        if (padding.length > 0) {
            script.add(padding);
        }
        script.add(replyKey);
        Sphinx sphinx = new Sphinx(G, new ScriptedRandom(script));
        SurbBundle bundle = sphinx.createSurb("first", route);
        List<byte[]> pubs = route.stream().map(h -> h.key().bytes()).toList();
        byte[] header = ReferenceSphinx.header(
                G.maxHops(),
                pubs,
                route.stream().map(h -> slot(h.instruction())).toList(),
                x,
                padding);
        byte[] refPacket = ReferenceSphinx.replyPacket(header, replyKey, reply, G.packetSize());
        assertThat(sphinx.createReplyPacket(bundle.surb(), reply)).isEqualTo(refPacket);
        byte[] delivered = TestNetwork.walk(sphinx, net.keysOf(route), refPacket)
                .get(hops - 1)
                .output();
        assertThat(ReferenceSphinx.openReply(pubs, x, replyKey, delivered)).isEqualTo(reply);
        assertThat(sphinx.openReply(bundle.secret(), delivered)).isEqualTo(reply);
    }

    /** Well-authenticated packets whose command slot is malformed. */
    @Test
    void malformedCommandsAreRejectedAsSuch() {
        TestNetwork net = new TestNetwork(G, 50);
        Sphinx sphinx = net.sphinx();
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[64]); // type 0
        bad.add(withType((byte) 0x05)); // unknown type
        bad.add(withType((byte) 0xFF));
        byte[] zeroLength = withType(CommandCodec.EXIT); // id length 0
        bad.add(zeroLength);
        byte[] tooLong = withType(CommandCodec.RELAY); // id length 59
        tooLong[5] = 59;
        bad.add(tooLong);
        byte[] badUtf8 = withType(CommandCodec.EXIT);
        badUtf8[5] = 2;
        badUtf8[6] = (byte) 0xC3;
        badUtf8[7] = (byte) 0x28;
        bad.add(badUtf8);
        byte[] trailing = slot(HopInstruction.exit("svc", 0)); // non-zero byte after the id
        trailing[63] = 1;
        bad.add(trailing);
        byte[] dropTrailing = slot(HopInstruction.drop(0));
        dropTrailing[5] = 1;
        bad.add(dropTrailing);
        byte[] replyTrailing = slot(HopInstruction.deliverReply(SurbId.random(net.secure), 0));
        replyTrailing[21] = 1;
        bad.add(replyTrailing);
        MixPrivateKey key = net.keys.get(0);
        for (byte[] slot : bad) {
            byte[] p = ReferenceSphinx.forwardPacket(
                    G.maxHops(),
                    G.packetSize(),
                    List.of(key.publicKey().bytes()),
                    List.of(slot),
                    new byte[1],
                    net.randomBytes(32),
                    net.randomBytes(4 * 96));
            assertThat(sphinx.unwrap(key, p)).isEqualTo(new UnwrapResult.Rejected(RejectReason.MALFORMED_COMMAND));
        }
        // A well-formed slot through the same path is processed: the rejections above are about the slot.
        byte[] ok = ReferenceSphinx.forwardPacket(
                G.maxHops(),
                G.packetSize(),
                List.of(key.publicKey().bytes()),
                List.of(slot(HopInstruction.exit("svc", 9))),
                new byte[1],
                net.randomBytes(32),
                net.randomBytes(4 * 96));
        assertThat(sphinx.unwrap(key, ok)).isInstanceOf(UnwrapResult.Processed.class);
    }

    private static byte[] withType(byte type) {
        byte[] s = new byte[64];
        s[0] = type;
        return s;
    }
}
