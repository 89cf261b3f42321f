package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.packet.Geometry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MALFORMED_COMMAND needs a packet whose MAC verifies but whose command does not parse, which the
 * Sphinx API refuses to build. This test builds a one-hop header by hand from docs/packet-format.md
 * (HKDF labels, AES-CTR header stream, HMAC over alpha and beta) with an unknown command type.
 */
class MalformedCommandTest {

    private static final int SLOT = 96; // command (64) + next MAC (32)

    @Test
    void aPacketWithAnAuthenticatedButUnparseableCommandIsRejectedAsMalformed(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir)
                .start(forwardConfig(new MixingStrategy.Timed(Duration.ofSeconds(1)))
                        .build())) {
            Geometry g = f.geometry;
            byte[] command = new byte[64];
            command[0] = 0x05; // no such command type
            f.send(oneHopPacket(g, f.key.publicKey().bytes(), command, f));
            assertThat(f.dead.readValue().getReason()).isEqualTo(RejectionReason.MALFORMED_COMMAND.name());
            // Control: the same construction with a valid Drop command (type 4) is accepted, so the
            // rejection above is about the command, not about the hand-built header.
            byte[] drop = new byte[64];
            drop[0] = 0x04;
            f.send(oneHopPacket(g, f.key.publicKey().bytes(), drop, f));
            assertThat(f.dead.isEmpty()).isTrue();
            assertThat(f.metrics.acceptedCount()).isEqualTo(1);
        }
    }

    private static byte[] oneHopPacket(Geometry g, byte[] mixPublic, byte[] command, MixFixture f) {
        byte[] x = new byte[32];
        f.random.nextBytes(x);
        x[0] &= (byte) 248;
        x[31] &= 127;
        x[31] |= 64;
        byte[] base = new byte[32];
        base[0] = 9;
        byte[] alpha = new byte[32];
        X25519.scalarMult(x, 0, base, 0, alpha, 0);
        byte[] s = new byte[32];
        X25519.scalarMult(x, 0, mixPublic, 0, s, 0);
        int beta = g.maxHops() * SLOT;
        byte[] streamKey = kdf(s, "header-stream", 48);
        byte[] stream = aesCtr(
                java.util.Arrays.copyOfRange(streamKey, 0, 32), java.util.Arrays.copyOfRange(streamKey, 32, 48), beta);
        byte[] plain = new byte[beta];
        System.arraycopy(command, 0, plain, 0, 64);
        byte[] padding = new byte[beta - SLOT];
        f.random.nextBytes(padding);
        System.arraycopy(padding, 0, plain, SLOT, padding.length);
        byte[] routing = new byte[beta];
        for (int i = 0; i < beta; i++) {
            routing[i] = (byte) (plain[i] ^ stream[i]);
        }
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(kdf(s, "header-mac", 32)));
        mac.update(alpha, 0, 32);
        mac.update(routing, 0, routing.length);
        byte[] gamma = new byte[32];
        mac.doFinal(gamma, 0);
        byte[] packet = new byte[g.packetSize()];
        System.arraycopy(alpha, 0, packet, 0, 32);
        System.arraycopy(routing, 0, packet, 32, beta);
        System.arraycopy(gamma, 0, packet, 32 + beta, 32);
        byte[] payload = new byte[g.payloadSize()];
        f.random.nextBytes(payload);
        System.arraycopy(payload, 0, packet, g.headerSize(), payload.length);
        return packet;
    }

    private static byte[] kdf(byte[] secret, String label, int length) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(
                secret,
                "kafka-mixnet/sphinx/v1".getBytes(StandardCharsets.US_ASCII),
                ("kafka-mixnet/sphinx/v1/" + label).getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        gen.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] aesCtr(byte[] key, byte[] iv, int length) {
        SICBlockCipher c = new SICBlockCipher(AESEngine.newInstance());
        c.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[length];
        c.processBytes(new byte[length], 0, length, out, 0);
        return out;
    }
}
