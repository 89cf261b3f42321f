package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One Sphinx and one key shared by several threads give exactly the single-threaded results. */
class ConcurrencyTest {

    @Test
    void unwrapIsThreadSafe() throws Exception {
        Geometry g = Geometry.defaults();
        TestNetwork net = new TestNetwork(g, 60);
        Sphinx sphinx = net.sphinx();
        MixPrivateKey key = net.keys.get(0);
        List<byte[]> packets = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Hop> route = List.of(
                    new Hop(key.publicKey(), HopInstruction.relay("m", i)),
                    new Hop(net.keys.get(1).publicKey(), HopInstruction.exit("s", 0)));
            byte[] p = sphinx.createForwardPacket(route, net.randomBytes(i * 30));
            packets.add(p);
            expected.add(fingerprint(sphinx.unwrap(key, p)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (byte[] p : packets) {
                        out.add(fingerprint(sphinx.unwrap(key, p)));
                    }
                    return out;
                }));
            }
            for (Future<List<String>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String fingerprint(UnwrapResult r) {
        UnwrapResult.Processed p = (UnwrapResult.Processed) r;
        return HexFormat.of().formatHex(p.replayTag())
                + p.instruction()
                + p.instruction().delayMillis()
                + HexFormat.of().formatHex(p.output());
    }
}
