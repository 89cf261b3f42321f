package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every single-bit change is caught: by the header MAC at the hop, by Lioness at the exit or in openReply. */
class TamperTest {

    private static final Geometry G = Geometry.defaults();
    private static final int HEADER_BITS = G.headerSize() * 8;
    private static final int PAYLOAD_BITS = G.payloadSize() * 8;

    private static byte[] flip(byte[] p, int bit) {
        byte[] c = p.clone();
        c[bit >>> 3] ^= (byte) (1 << (bit & 7));
        return c;
    }

    @Test
    void everyHeaderBitFlipIsABadMacAtTheFirstAndAtAMiddleHop() {
        TestNetwork net = new TestNetwork(G, 1);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(3, new RoutingCommand.Exit("svc"));
        List<MixPrivateKey> keys = net.keysOf(route);
        byte[] packet = sphinx.createForwardPacket(route, net.randomBytes(100));
        byte[] atHop1 =
                TestNetwork.walk(sphinx, keys.subList(0, 1), packet).get(0).output();
        for (int bit = 0; bit < HEADER_BITS; bit++) {
            assertThat(sphinx.unwrap(keys.get(0), flip(packet, bit)))
                    .as("bit %d at hop 0", bit)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
            assertThat(sphinx.unwrap(keys.get(1), flip(atHop1, bit)))
                    .as("bit %d at hop 1", bit)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
        }
    }

    @Test
    void everyPayloadBitFlipIsABadPayloadAtTheExit() {
        TestNetwork net = new TestNetwork(G, 2);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(3, new RoutingCommand.Exit("svc"));
        List<MixPrivateKey> keys = net.keysOf(route);
        byte[] packet = sphinx.createForwardPacket(route, net.randomBytes(G.forwardPayloadCapacity() / 2));
        List<UnwrapResult.Processed> walk = TestNetwork.walk(sphinx, keys.subList(0, 2), packet);
        byte[] atExit = walk.get(1).output();
        for (int bit = HEADER_BITS; bit < HEADER_BITS + PAYLOAD_BITS; bit++) {
            assertThat(sphinx.unwrap(keys.get(2), flip(atExit, bit)))
                    .as("bit %d at the exit", bit)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_PAYLOAD));
        }
        // A tag applied at the entry travels through the relays (which cannot see it) and fails at the exit.
        for (int k = 0; k < 64; k++) {
            int bit = HEADER_BITS + net.random.nextInt(PAYLOAD_BITS);
            byte[] p = flip(packet, bit);
            List<UnwrapResult.Processed> relays = TestNetwork.walk(sphinx, keys.subList(0, 2), p);
            assertThat(sphinx.unwrap(keys.get(2), relays.get(1).output()))
                    .as("bit %d at the entry", bit)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_PAYLOAD));
        }
    }

    @Test
    void everyBitFlipOfAReplyIsCaught() throws Exception {
        TestNetwork net = new TestNetwork(G, 3);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(3, new RoutingCommand.DeliverReply(SurbId.random(net.secure)));
        List<MixPrivateKey> keys = net.keysOf(route);
        SurbBundle bundle = sphinx.createSurb("first", route);
        byte[] packet = sphinx.createReplyPacket(bundle.surb(), net.randomBytes(300));
        for (int bit = 0; bit < HEADER_BITS; bit++) {
            assertThat(sphinx.unwrap(keys.get(0), flip(packet, bit)))
                    .as("header bit %d", bit)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
        }
        byte[] delivered = TestNetwork.walk(sphinx, keys, packet).get(2).output();
        for (int bit = 0; bit < PAYLOAD_BITS; bit++) {
            byte[] tampered = flip(delivered, bit);
            assertThatThrownBy(() -> sphinx.openReply(bundle.secret(), tampered))
                    .as("delivered bit %d", bit)
                    .isInstanceOf(PacketException.class);
        }
        for (int k = 0; k < 64; k++) {
            int bit = HEADER_BITS + net.random.nextInt(PAYLOAD_BITS);
            byte[] d = TestNetwork.walk(sphinx, keys, flip(packet, bit)).get(2).output();
            assertThatThrownBy(() -> sphinx.openReply(bundle.secret(), d))
                    .as("reply packet bit %d", bit)
                    .isInstanceOf(PacketException.class);
        }
        assertThat(sphinx.openReply(bundle.secret(), delivered)).hasSize(300);
    }

    @Test
    void aReplyOpenedWithAnotherSurbsSecretFails() throws Exception {
        TestNetwork net = new TestNetwork(G, 4);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(2, new RoutingCommand.DeliverReply(SurbId.random(net.secure)));
        SurbBundle a = sphinx.createSurb("first", route);
        SurbBundle b = sphinx.createSurb("first", route);
        byte[] delivered = TestNetwork.walk(sphinx, net.keysOf(route), sphinx.createReplyPacket(a.surb(), new byte[5]))
                .get(1)
                .output();
        assertThatThrownBy(() -> sphinx.openReply(b.secret(), delivered)).isInstanceOf(PacketException.class);
        assertThat(sphinx.openReply(a.secret(), delivered)).hasSize(5);
    }
}
