package io.kafkamixnet.bench;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.internals.HopKeys;
import io.kafkamixnet.packet.internals.Lioness;
import io.kafkamixnet.packet.internals.Primitives;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The symmetric parts of one unwrap, one by one, to see where the time beyond the two scalar
 * multiplications goes: key derivation, header MAC, routing-information stream, Lioness.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SymmetricPartsBenchmark {

    private final Geometry g = Geometry.defaults();
    private final byte[] secret = new byte[32];
    private byte[] payloadKey;
    private byte[] block;
    private byte[] header;
    private byte[] routing;
    private final byte[] mac = new byte[32];
    private byte[] macKey;
    private byte[] streamKey;

    @Setup
    public void setUp() {
        SecureRandom r = new SecureRandom();
        r.nextBytes(secret);
        HopKeys k = HopKeys.fromSharedSecret(secret);
        payloadKey = k.payloadKey();
        macKey = k.headerMacKey();
        streamKey = k.headerStream();
        block = new byte[g.payloadSize()];
        header = new byte[g.headerSize()];
        routing = new byte[g.routingInfoSize() + Geometry.PER_HOP_ROUTING_LENGTH];
        r.nextBytes(block);
        r.nextBytes(header);
    }

    /** Everything a relay hop derives from its shared secret (extract + five labelled expands). */
    @Benchmark
    public byte[] deriveAllHopKeys() {
        HopKeys k = HopKeys.fromSharedSecret(secret);
        byte[] a = k.headerMacKey();
        byte[] b = k.headerStream();
        byte[] c = k.payloadKey();
        byte[] d = k.blindingScalar();
        byte[] e = k.replayTag();
        a[0] ^= b[0] ^ c[0] ^ d[0] ^ e[0];
        return a;
    }

    @Benchmark
    public byte[] headerMac() {
        Primitives.hmac(macKey, 0, 32, header, 0, 32 + g.routingInfoSize(), mac, 0);
        return mac;
    }

    @Benchmark
    public byte[] routingStream() {
        HopKeys.headerStreamXor(streamKey, routing, 0, routing.length);
        return routing;
    }

    @Benchmark
    public byte[] lionessDecryptPayload() {
        Lioness.decrypt(payloadKey, block, 0, block.length);
        return block;
    }

    /** One Lioness hash round: HMAC-SHA256 over the right part of the payload block. */
    @Benchmark
    public byte[] hmacOverPayloadRight() {
        Primitives.hmac(payloadKey, 32, 32, block, 32, block.length - 32, mac, 0);
        return mac;
    }

    /** One Lioness stream round: AES-256-CTR over the right part of the payload block, in place. */
    @Benchmark
    public byte[] aesCtrOverPayloadRight() {
        Primitives.aesCtrXorZeroIv(payloadKey, 0, block, 32, block.length - 32);
        return block;
    }
}
