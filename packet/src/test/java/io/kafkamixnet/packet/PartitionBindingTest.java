package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBindingTest {

    @Test
    void followsTheSpecFormula() throws Exception {
        byte[] alpha = HexFormat.of().parseHex("0a3afdb53df1c8a0f6bb79fa2e0a0cf1c3c9fbc2fd8a0f3c2c4f6b1d2e3f4051");
        byte[] packet = new byte[2048];
        System.arraycopy(alpha, 0, packet, 0, 32);
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update("kafka-mixnet/ingress-partition/v1".getBytes(StandardCharsets.US_ASCII));
        byte[] h = d.digest(alpha);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        for (int n : new int[] {1, 2, 3, 8, 12, 1000}) {
            assertThat(PartitionBinding.partitionFor(packet, n)).isEqualTo((int) Long.remainderUnsigned(v, n));
        }
        // only alpha counts: the rest of the packet does not move it
        packet[2047] ^= 1;
        assertThat(PartitionBinding.partitionFor(packet, 1000)).isEqualTo((int) Long.remainderUnsigned(v, 1000));
    }

    @Test
    void spreadsPacketsEvenlyAndEachHopAfresh() {
        TestNetwork net = new TestNetwork(Geometry.defaults(), 70);
        Sphinx sphinx = net.sphinx();
        int[] counts = new int[4];
        int samePartitionAsPreviousHop = 0;
        for (int k = 0; k < 200; k++) {
            List<Hop> route = net.route(2, new RoutingCommand.Exit("s"));
            byte[] p = sphinx.createForwardPacket(route, new byte[0]);
            byte[] next = TestNetwork.walk(sphinx, net.keysOf(route), p).get(0).output();
            int a = PartitionBinding.partitionFor(p, 4);
            counts[a]++;
            samePartitionAsPreviousHop += a == PartitionBinding.partitionFor(next, 4) ? 1 : 0;
        }
        for (int c : counts) {
            assertThat(c).isBetween(25, 75); // 50 expected per partition
        }
        assertThat(samePartitionAsPreviousHop).isBetween(25, 75); // independent: about 1 in 4
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> PartitionBinding.partitionFor(new byte[2048], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionBinding.partitionFor(new byte[31], 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionBinding.partitionFor(null, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
