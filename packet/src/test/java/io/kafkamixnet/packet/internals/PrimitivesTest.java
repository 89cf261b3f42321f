package io.kafkamixnet.packet.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 4231 test case 2. */
    @Test
    void primedHmacKnownAnswer() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        new PrimedHmac(key, 0, key.length).mac(data, 0, data.length, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Property(tries = 50)
    void primedHmacEqualsTheJdkMac(@ForAll @Size(max = 64) byte[] key, @ForAll @Size(max = 300) byte[] data)
            throws Exception {
        if (key.length == 0) {
            key = new byte[1];
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] out = new byte[32];
        new PrimedHmac(key, 0, key.length).mac(data, 0, data.length, out, 0);
        assertThat(out).isEqualTo(mac.doFinal(data));
    }

    /** RFC 5869 test case 1, expand step (our extract uses the format's fixed salt). */
    @Test
    void hkdfExpandKnownAnswer() {
        byte[] prk = HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(HEX.formatHex(Hkdf.expand(prk, info, 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Property(tries = 30)
    void lionessInvertsAndDiffuses(
            @ForAll @Size(value = 128) byte[] key, @ForAll @Size(min = 33, max = 600) byte[] block) {
        byte[] c = block.clone();
        Lioness.encrypt(key, c, 0, c.length);
        byte[] d = c.clone();
        Lioness.decrypt(key, d, 0, d.length);
        assertThat(d).isEqualTo(block);
        c[c.length - 1] ^= 1;
        Lioness.decrypt(key, c, 0, c.length);
        int same = 0;
        for (int i = 0; i < 32; i++) {
            same += c[i] == block[i] ? 1 : 0;
        }
        assertThat(same).as("a one-bit change scrambles the left half").isLessThan(8);
    }

    /** The property that makes blinding work: clamped scalars commute under X25519. */
    @Property(tries = 20)
    void clampedScalarsCommute(@ForAll @Size(value = 32) byte[] a, @ForAll @Size(value = 32) byte[] b) {
        X25519Ops.clamp(a);
        X25519Ops.clamp(b);
        byte[] g = X25519Ops.basePoint();
        assertThat(X25519Ops.mult(a, X25519Ops.mult(b, g, 0), 0))
                .isEqualTo(X25519Ops.mult(b, X25519Ops.mult(a, g, 0), 0));
    }
}
