package io.kafkamixnet.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Test-only: a second, deliberately naive implementation of the client side, written from
 * docs/packet-format.md alone with Bouncy Castle's lightweight API (its HKDF, HMAC and AES-CTR, not
 * the JDK's and not the production helpers). It takes raw 64-byte command slots, so tests can also
 * build well-authenticated packets with malformed commands.
 */
final class ReferenceSphinx {

    static final int A = 32;
    static final int R = 96;
    static final int C = 64;
    static final int M = 32;

    private ReferenceSphinx() {}

    static byte[] kdf(byte[] secret, String label, int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(
                secret,
                "kafka-mixnet/sphinx/v1".getBytes(StandardCharsets.US_ASCII),
                ("kafka-mixnet/sphinx/v1/" + label).getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }

    static byte[] clamp(byte[] k) {
        byte[] c = k.clone();
        c[0] &= (byte) 248;
        c[31] &= 127;
        c[31] |= 64;
        return c;
    }

    static byte[] x25519(byte[] k, byte[] u) {
        byte[] r = new byte[32];
        X25519.scalarMult(k, 0, u, 0, r, 0);
        return r;
    }

    static byte[] aesCtr(byte[] key, byte[] iv, int length) {
        SICBlockCipher c = new SICBlockCipher(AESEngine.newInstance());
        c.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[length];
        c.processBytes(new byte[length], 0, length, out, 0);
        return out;
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        HMac h = new HMac(new SHA256Digest());
        h.init(new KeyParameter(key));
        for (byte[] p : parts) {
            h.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        h.doFinal(out, 0);
        return out;
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    static byte[] lioness(byte[] key, byte[] block, boolean encrypt) {
        byte[] k1 = Arrays.copyOfRange(key, 0, 32);
        byte[] k2 = Arrays.copyOfRange(key, 32, 64);
        byte[] k3 = Arrays.copyOfRange(key, 64, 96);
        byte[] k4 = Arrays.copyOfRange(key, 96, 128);
        byte[] l = Arrays.copyOfRange(block, 0, 32);
        byte[] r = Arrays.copyOfRange(block, 32, block.length);
        byte[] zeroIv = new byte[16];
        if (encrypt) {
            r = xor(r, aesCtr(xor(l, k1), zeroIv, r.length));
            l = xor(l, hmac(k2, r));
            r = xor(r, aesCtr(xor(l, k3), zeroIv, r.length));
            l = xor(l, hmac(k4, r));
        } else {
            l = xor(l, hmac(k4, r));
            r = xor(r, aesCtr(xor(l, k3), zeroIv, r.length));
            l = xor(l, hmac(k2, r));
            r = xor(r, aesCtr(xor(l, k1), zeroIv, r.length));
        }
        return concat(l, r);
    }

    /** Shared secrets s_0..s_{n-1}, computed as X25519(x, Y_i) first and then each blinding in turn. */
    static List<byte[]> sharedSecrets(List<byte[]> publicKeys, byte[] ephemeralRaw) {
        byte[] x = clamp(ephemeralRaw);
        List<byte[]> secrets = new ArrayList<>();
        List<byte[]> blinds = new ArrayList<>();
        for (byte[] y : publicKeys) {
            byte[] s = x25519(x, y);
            for (byte[] b : blinds) {
                s = x25519(b, s);
            }
            secrets.add(s);
            blinds.add(clamp(kdf(s, "blinding", 32)));
        }
        return secrets;
    }

    /** The header for command slots {@code slots} (64 bytes each) along {@code publicKeys}. */
    static byte[] header(
            int maxHops, List<byte[]> publicKeys, List<byte[]> slots, byte[] ephemeralRaw, byte[] padding) {
        int n = publicKeys.size();
        int beta = maxHops * R;
        List<byte[]> s = sharedSecrets(publicKeys, ephemeralRaw);
        byte[][] alpha = new byte[n][];
        byte[] base = new byte[32];
        base[0] = 9;
        alpha[0] = x25519(clamp(ephemeralRaw), base);
        for (int i = 1; i < n; i++) {
            alpha[i] = x25519(clamp(kdf(s.get(i - 1), "blinding", 32)), alpha[i - 1]);
        }
        byte[][] stream = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] k = kdf(s.get(i), "header-stream", 48);
            stream[i] = aesCtr(Arrays.copyOfRange(k, 0, 32), Arrays.copyOfRange(k, 32, 48), beta + R);
        }
        byte[] filler = new byte[0];
        for (int i = 0; i < n - 1; i++) {
            filler = xor(concat(filler, new byte[R]), Arrays.copyOfRange(stream[i], beta - i * R, beta + R));
        }
        if (padding.length != beta - n * R) {
            throw new IllegalArgumentException("padding must be " + (beta - n * R) + " bytes");
        }
        byte[] lastPlain = concat(slots.get(n - 1), new byte[M], padding);
        byte[] routing = concat(xor(lastPlain, Arrays.copyOf(stream[n - 1], lastPlain.length)), filler);
        byte[] gamma = hmac(kdf(s.get(n - 1), "header-mac", 32), alpha[n - 1], routing);
        for (int i = n - 2; i >= 0; i--) {
            byte[] plain = concat(slots.get(i), gamma, Arrays.copyOf(routing, beta - R));
            routing = xor(plain, Arrays.copyOf(stream[i], beta));
            gamma = hmac(kdf(s.get(i), "header-mac", 32), alpha[i], routing);
        }
        return concat(alpha[0], routing, gamma);
    }

    static byte[] plainPayloadBlock(byte[] data, int payloadSize) {
        byte[] block = new byte[payloadSize];
        block[16] = (byte) (data.length >>> 24);
        block[17] = (byte) (data.length >>> 16);
        block[18] = (byte) (data.length >>> 8);
        block[19] = (byte) data.length;
        System.arraycopy(data, 0, block, 20, data.length);
        return block;
    }

    static byte[] forwardPacket(
            int maxHops,
            int packetSize,
            List<byte[]> publicKeys,
            List<byte[]> slots,
            byte[] payload,
            byte[] ephemeralRaw,
            byte[] padding) {
        byte[] header = header(maxHops, publicKeys, slots, ephemeralRaw, padding);
        byte[] block = plainPayloadBlock(payload, packetSize - header.length);
        List<byte[]> s = sharedSecrets(publicKeys, ephemeralRaw);
        for (int i = s.size() - 1; i >= 0; i--) {
            block = lioness(kdf(s.get(i), "payload-lioness", 128), block, true);
        }
        return concat(header, block);
    }

    static byte[] replyPacket(byte[] header, byte[] replyKey, byte[] reply, int packetSize) {
        byte[] block = plainPayloadBlock(reply, packetSize - header.length);
        return concat(header, lioness(kdf(replyKey, "surb-payload-lioness", 128), block, true));
    }

    /** The reply data, or null if the integrity check fails. */
    static byte[] openReply(List<byte[]> publicKeys, byte[] ephemeralRaw, byte[] replyKey, byte[] delivered) {
        List<byte[]> s = sharedSecrets(publicKeys, ephemeralRaw);
        byte[] block = delivered;
        for (int i = s.size() - 1; i >= 0; i--) {
            block = lioness(kdf(s.get(i), "payload-lioness", 128), block, true);
        }
        block = lioness(kdf(replyKey, "surb-payload-lioness", 128), block, false);
        for (int i = 0; i < 16; i++) {
            if (block[i] != 0) {
                return null;
            }
        }
        int len = ((block[16] & 0xFF) << 24)
                | ((block[17] & 0xFF) << 16)
                | ((block[18] & 0xFF) << 8)
                | (block[19] & 0xFF);
        return Arrays.copyOfRange(block, 20, 20 + len);
    }
}
