package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Garbage in: a typed rejection or a checked exception, never an unchecked exception. */
class BadInputTest {

    private static final Geometry G = Geometry.defaults();
    private static final TestNetwork NET = new TestNetwork(G, 30);
    private static final Sphinx SPHINX = NET.sphinx();

    @Test
    void wrongSizes() {
        MixPrivateKey key = NET.keys.get(0);
        assertThat(SPHINX.unwrap(key, null)).isEqualTo(new UnwrapResult.Rejected(RejectReason.WRONG_SIZE));
        for (int n : new int[] {0, 1, 32, G.headerSize(), G.packetSize() - 1, G.packetSize() + 1, 1 << 16}) {
            assertThat(SPHINX.unwrap(key, new byte[n]))
                    .as("%d bytes", n)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.WRONG_SIZE));
        }
        byte[] good = SPHINX.createForwardPacket(NET.route(2, new RoutingCommand.Exit("s")), new byte[3]);
        assertThat(SPHINX.unwrap(key, java.util.Arrays.copyOf(good, good.length - 1))
                        .toString())
                .contains("WRONG_SIZE");
    }

    @Property(tries = 50)
    void randomBytesOfTheRightSizeAreABadMac(@ForAll @Size(value = 2048) byte[] garbage) {
        assertThat(SPHINX.unwrap(NET.keys.get(1), garbage)).isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
    }

    @Property(tries = 50)
    void randomBytesOfAnySizeAreRejected(@ForAll @Size(max = 4096) byte[] garbage) {
        UnwrapResult r = SPHINX.unwrap(NET.keys.get(1), garbage);
        assertThat(r).isInstanceOf(UnwrapResult.Rejected.class);
        assertThat(((UnwrapResult.Rejected) r).reason())
                .isEqualTo(garbage.length == G.packetSize() ? RejectReason.BAD_MAC : RejectReason.WRONG_SIZE);
    }

    @Test
    void aPacketForAnotherKeyIsABadMac() {
        List<Hop> route = List.of(new Hop(NET.keys.get(0).publicKey(), HopInstruction.exit("s", 0)));
        byte[] p = SPHINX.createForwardPacket(route, new byte[3]);
        assertThat(SPHINX.unwrap(NET.keys.get(1), p)).isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
        MixPrivateKey nextEpochSameMixer = MixPrivateKey.generate(TestNetwork.EPOCH + 1, NET.secure);
        assertThat(SPHINX.unwrap(nextEpochSameMixer, p)).isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
    }

    /** Low-order points (RFC 7748 / cr.yp.to list) make the shared secret zero: rejected. */
    @Test
    void lowOrderGroupElementsAreRejected() {
        String[] lowOrder = {
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        };
        byte[] p = SPHINX.createForwardPacket(NET.route(2, new RoutingCommand.Exit("s")), new byte[3]);
        for (String u : lowOrder) {
            byte[] bad = p.clone();
            System.arraycopy(HexFormat.of().parseHex(u), 0, bad, 0, 32);
            assertThat(SPHINX.unwrap(NET.keys.get(0), bad))
                    .as(u)
                    .isEqualTo(new UnwrapResult.Rejected(RejectReason.BAD_MAC));
        }
        MixPublicKey lowKey = MixPublicKey.fromBytes(TestNetwork.EPOCH, new byte[32]);
        assertThatThrownBy(() ->
                        SPHINX.createForwardPacket(List.of(new Hop(lowKey, HopInstruction.exit("s", 0))), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low-order");
    }

    /** The same low-order points, as announced public keys: not usable; real keys are, non-canonical ones are not. */
    @Test
    void lowOrderAndNonCanonicalPublicKeysAreNotUsable() {
        String[] lowOrder = {
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        };
        for (String u : lowOrder) {
            assertThat(MixPublicKey.fromBytes(TestNetwork.EPOCH, HexFormat.of().parseHex(u))
                            .isUsable())
                    .as(u)
                    .isFalse();
        }
        for (int i = 0; i < 20; i++) {
            MixPublicKey good =
                    MixPrivateKey.generate(TestNetwork.EPOCH, NET.secure).publicKey();
            assertThat(good.isUsable()).isTrue();
            byte[] topBit = good.bytes();
            topBit[31] |= (byte) 0x80; // the same point under RFC 7748 masking, but not its canonical encoding
            assertThat(MixPublicKey.fromBytes(TestNetwork.EPOCH, topBit).isUsable())
                    .isFalse();
        }
        byte[] pPlus2 = HexFormat.of().parseHex("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(MixPublicKey.fromBytes(TestNetwork.EPOCH, pPlus2).isUsable()).isFalse(); // 2 + p: not canonical
        byte[] nine = new byte[32];
        nine[0] = 9;
        assertThat(MixPublicKey.fromBytes(TestNetwork.EPOCH, nine).isUsable()).isTrue(); // the base point
    }

    @Test
    void deliveredReplyOfTheWrongSizeIsAPacketException() {
        SurbBundle b = SPHINX.createSurb("f", NET.route(1, new RoutingCommand.DeliverReply(SurbId.random(NET.secure))));
        assertThatThrownBy(() -> SPHINX.openReply(b.secret(), null)).isInstanceOf(PacketException.class);
        assertThatThrownBy(() -> SPHINX.openReply(b.secret(), new byte[G.payloadSize() - 1]))
                .isInstanceOf(PacketException.class)
                .hasMessageContaining(String.valueOf(G.payloadSize()));
        assertThatThrownBy(() -> SPHINX.openReply(b.secret(), new byte[G.payloadSize()]))
                .isInstanceOf(PacketException.class)
                .hasMessageContaining("integrity");
    }

    @Property(tries = 100)
    void garbageSurbsAndSecretsAreAPacketException(@ForAll @Size(max = 1200) byte[] garbage) {
        try {
            Surb s = Surb.fromBytes(garbage);
            // Rarely, garbage parses; it must then at least serialize back to itself.
            assertThat(s.toBytes()).isEqualTo(garbage);
        } catch (PacketException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            SurbSecret s = SurbSecret.fromBytes(garbage);
            assertThat(s.toBytes()).isEqualTo(garbage);
        } catch (PacketException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void truncatedAndCorruptedSurbsAreAPacketException() throws Exception {
        byte[] surb = SPHINX.createSurb(
                        "first-hop", NET.route(3, new RoutingCommand.DeliverReply(SurbId.random(NET.secure))))
                .surb()
                .toBytes();
        for (int n = 0; n < surb.length; n += 7) {
            byte[] t = java.util.Arrays.copyOf(surb, n);
            assertThatThrownBy(() -> Surb.fromBytes(t)).isInstanceOf(PacketException.class);
        }
        byte[] badVersion = surb.clone();
        badVersion[0] = 2;
        assertThatThrownBy(() -> Surb.fromBytes(badVersion))
                .isInstanceOf(PacketException.class)
                .hasMessageContaining("version");
        byte[] badUtf8 = surb.clone();
        badUtf8[10] = (byte) 0xFF;
        assertThatThrownBy(() -> Surb.fromBytes(badUtf8))
                .isInstanceOf(PacketException.class)
                .hasMessageContaining("UTF-8");
        // A SURB of another geometry is refused by createReplyPacket with a clear message.
        Surb other = new Sphinx(Geometry.of(3, 1024))
                .createSurb(
                        "x",
                        new TestNetwork(Geometry.of(3, 1024), 1)
                                .route(1, new RoutingCommand.DeliverReply(SurbId.random(NET.secure))))
                .surb();
        assertThatThrownBy(() -> SPHINX.createReplyPacket(Surb.fromBytes(other.toBytes()), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SURB header");
    }

    @Test
    void misuseOfTheClientApiIsRefusedWithAClearMessage() {
        List<Hop> relayLast = NET.route(2, new RoutingCommand.Relay("x"));
        assertThatThrownBy(() -> SPHINX.createForwardPacket(relayLast, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last hop");
        List<Hop> replyLast = NET.route(2, new RoutingCommand.DeliverReply(SurbId.random(NET.secure)));
        assertThatThrownBy(() -> SPHINX.createForwardPacket(replyLast, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Exit or Drop");
        List<Hop> exitLast = NET.route(2, new RoutingCommand.Exit("s"));
        assertThatThrownBy(() -> SPHINX.createSurb("f", exitLast))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DeliverReply");
        assertThatThrownBy(() -> SPHINX.createForwardPacket(List.of(), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..5 hops");
        assertThatThrownBy(() -> SPHINX.createForwardPacket(
                        NET.route(5, new RoutingCommand.Exit("s")).subList(0, 5),
                        new byte[G.forwardPayloadCapacity() + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1484");
        List<Hop> mixedEpochs = List.of(
                new Hop(NET.keys.get(0).publicKey(), HopInstruction.relay("b", 0)),
                new Hop(MixPrivateKey.generate(99, NET.secure).publicKey(), HopInstruction.exit("s", 0)));
        assertThatThrownBy(() -> SPHINX.createForwardPacket(mixedEpochs, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one epoch");
        assertThatThrownBy(() -> new RoutingCommand.Exit("x".repeat(59))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingCommand.Relay("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingCommand.Relay("\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HopInstruction(-1, new RoutingCommand.Drop()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HopInstruction(1L << 32, new RoutingCommand.Drop()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Geometry.of(0, 2048)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Geometry.of(5, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 608");
    }

    @Test
    void aDestroyedKeyIsAProgrammingError() {
        MixPrivateKey k = MixPrivateKey.generate(1, NET.secure);
        k.destroy();
        assertThat(k.isDestroyed()).isTrue();
        assertThatThrownBy(() -> SPHINX.unwrap(k, new byte[G.packetSize()])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(k::toBytes).isInstanceOf(IllegalStateException.class);
    }
}
