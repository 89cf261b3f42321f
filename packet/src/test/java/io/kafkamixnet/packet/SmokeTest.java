package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void fiveHops() throws Exception {
        DeterministicRandom rnd = new DeterministicRandom(1);
        Sphinx sphinx = new Sphinx(Geometry.defaults(), rnd);
        List<MixPrivateKey> keys = new ArrayList<>();
        List<Hop> route = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            keys.clear();
            route.clear();
            for (int i = 0; i < n; i++) {
                keys.add(MixPrivateKey.generate(7, rnd));
            }
            for (int i = 0; i < n; i++) {
                HopInstruction ins = i < n - 1 ? HopInstruction.relay("mix-" + (i + 1), i * 10L)
                        : HopInstruction.exit("svc", 5);
                route.add(new Hop(keys.get(i).publicKey(), ins));
            }
            byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
            byte[] p = sphinx.createForwardPacket(route, msg);
            for (int i = 0; i < n; i++) {
                UnwrapResult r = sphinx.unwrap(keys.get(i), p);
                assertThat(r).as("hop %d of %d", i, n).isInstanceOf(UnwrapResult.Processed.class);
                UnwrapResult.Processed pr = (UnwrapResult.Processed) r;
                assertThat(pr.instruction()).isEqualTo(route.get(i).instruction());
                p = pr.output();
            }
            assertThat(p).isEqualTo(msg);
        }
    }
}
