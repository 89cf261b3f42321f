package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {

    private final DeterministicRandom random = new DeterministicRandom(40);

    /** RFC 7748 section 6.1. */
    @Test
    void x25519KnownAnswer() {
        byte[] alice = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        MixPrivateKey k = MixPrivateKey.fromBytes(1, alice);
        assertThat(HexFormat.of().formatHex(k.publicKey().bytes()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    @Test
    void toStringsLeakNoSecrets() throws Exception {
        MixPrivateKey k = MixPrivateKey.generate(5, random);
        byte[] priv = k.toBytes();
        String hex = HexFormat.of().formatHex(priv);
        String b64 = Base64.getEncoder().encodeToString(priv);
        assertThat(k.toString())
                .contains("epoch=5")
                .doesNotContain(hex)
                .doesNotContain(b64)
                .doesNotContain(hex.substring(0, 8));

        TestNetwork net = new TestNetwork(Geometry.defaults(), 41);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(2, new RoutingCommand.DeliverReply(SurbId.random(net.secure)));
        SurbBundle b = sphinx.createSurb("secret-first-hop", route);
        String secretHex = HexFormat.of().formatHex(b.secret().toBytes());
        String s = b.toString();
        assertThat(s).doesNotContain("secret-first-hop").doesNotContain(secretHex.substring(60, 120));
        assertThat(b.secret().toString()).startsWith("SurbSecret[id=");

        assertThat(new RoutingCommand.Relay("mixer-secret").toString()).doesNotContain("mixer-secret");
        assertThat(new RoutingCommand.Exit("svc-secret").toString()).doesNotContain("svc-secret");
        assertThat(HopInstruction.relay("mixer-secret", 5).toString()).doesNotContain("mixer-secret");
        byte[] p = sphinx.createForwardPacket(net.route(2, new RoutingCommand.Exit("svc-secret")), "hello".getBytes());
        UnwrapResult r = sphinx.unwrap(
                net.keysOf(net.route(2, new RoutingCommand.Drop())).get(0), p);
        assertThat(r.toString()).doesNotContain("svc-secret");
        b.secret().destroy();
        assertThat(b.secret().isDestroyed()).isTrue();
        assertThatThrownBy(() -> b.secret().toBytes()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyZeroesTheScalar() {
        MixPrivateKey k = MixPrivateKey.generate(5, random);
        String text = k.toString();
        k.destroy();
        assertThat(k.toString()).contains("destroyed");
        assertThatThrownBy(k::publicKey).isInstanceOf(IllegalStateException.class);
        assertThat(text).doesNotContain("destroyed");
    }
}
