package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing in a packet reveals the position on the route: the bytes a client sends and a hop forwards
 * look uniformly random, region by region, whatever the route length — no leftover zeros, no lengths.
 * Seeds are fixed, so these statistics are reproducible, not flaky.
 */
class UniformityTest {

    private static final Geometry G = Geometry.defaults();
    private static final int A = Geometry.GROUP_ELEMENT_LENGTH;
    private static final int R = Geometry.PER_HOP_ROUTING_LENGTH;
    private static final int BETA = G.routingInfoSize();
    /** chi-square, 255 degrees of freedom: the 1e-6 upper quantile is about 361. */
    private static final double CHI2_LIMIT = 361;

    /** Packets as they travel: what clients send (every route length) and what each hop forwards. */
    private static List<byte[]> packetsOnTheWire(int perLength) {
        TestNetwork net = new TestNetwork(G, 20);
        Sphinx sphinx = net.sphinx();
        List<byte[]> wire = new ArrayList<>();
        for (int hops = 1; hops <= 5; hops++) {
            for (int k = 0; k < perLength; k++) {
                List<Hop> route = net.route(hops, new RoutingCommand.Exit("s"));
                byte[] p = sphinx.createForwardPacket(route, new byte[0]); // all-zero plaintext: worst case
                wire.add(p);
                for (UnwrapResult.Processed r :
                        TestNetwork.walk(sphinx, net.keysOf(route), p).subList(0, hops - 1)) {
                    wire.add(r.output());
                }
            }
        }
        return wire;
    }

    private static double chiSquare(List<byte[]> packets, int from, int to) {
        long[] counts = new long[256];
        long n = 0;
        for (byte[] p : packets) {
            for (int i = from; i < to; i++) {
                counts[p[i] & 0xFF]++;
                n++;
            }
        }
        double expected = n / 256.0;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    @Test
    void everyRegionOfEveryPacketOnTheWireIsUniform() {
        List<byte[]> wire = packetsOnTheWire(24);
        assertThat(wire).hasSize(24 * 15);
        // alpha[31] has its top bit clear (an X25519 u-coordinate is below 2^255): left out on purpose.
        assertThat(chiSquare(wire, 0, A - 1)).as("alpha").isLessThan(CHI2_LIMIT);
        assertThat(chiSquare(wire, A, A + R)).as("first routing slot").isLessThan(CHI2_LIMIT);
        assertThat(chiSquare(wire, A + R, A + BETA - R))
                .as("middle routing slots")
                .isLessThan(CHI2_LIMIT);
        assertThat(chiSquare(wire, A + BETA - R, A + BETA))
                .as("last routing slot (filler / padding)")
                .isLessThan(CHI2_LIMIT);
        assertThat(chiSquare(wire, A + BETA, G.headerSize())).as("gamma").isLessThan(CHI2_LIMIT);
        assertThat(chiSquare(wire, G.headerSize(), G.packetSize()))
                .as("payload")
                .isLessThan(CHI2_LIMIT);
    }

    @Test
    void packetsOfEachRouteLengthAreUniformInTheRoutingTail() {
        // The tail of the routing information is padding for short routes and filler for long ones.
        TestNetwork net = new TestNetwork(G, 21);
        Sphinx sphinx = net.sphinx();
        for (int hops = 1; hops <= 5; hops++) {
            List<byte[]> ps = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                ps.add(sphinx.createForwardPacket(net.route(hops, new RoutingCommand.Exit("s")), new byte[0]));
            }
            assertThat(chiSquare(ps, A + R, A + BETA))
                    .as("routing after the first slot, %d hops", hops)
                    .isLessThan(CHI2_LIMIT);
        }
    }

    @Test
    void noPositionIsConstantAndNoLongZeroRuns() {
        List<byte[]> wire = packetsOnTheWire(20);
        for (int pos = 0; pos < G.packetSize(); pos++) {
            boolean[] seen = new boolean[256];
            int distinct = 0;
            for (byte[] p : wire) {
                if (!seen[p[pos] & 0xFF]) {
                    seen[p[pos] & 0xFF] = true;
                    distinct++;
                }
            }
            // 300 draws from 256 values: about 175 distinct (alpha[31]: about 115 of 128).
            assertThat(distinct).as("distinct values at byte %d", pos).isGreaterThan(pos == A - 1 ? 80 : 130);
        }
        for (byte[] p : wire) {
            int run = 0;
            int longest = 0;
            for (byte b : p) {
                run = b == 0 ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            // a run of 4 zero bytes in 2048 random bytes has probability about 5e-7
            assertThat(longest).isLessThan(4);
        }
    }
}
