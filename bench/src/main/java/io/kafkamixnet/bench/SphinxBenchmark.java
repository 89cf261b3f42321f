package io.kafkamixnet.bench;

import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PacketException;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbBundle;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.UnwrapResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the Sphinx operations of the default geometry (5 hops, 2048 bytes), beside one bare X25519
 * scalar multiplication (Bouncy Castle) measured in the same run, so that the unwrap/scalar-mult ratio
 * can be read off directly (target: unwrap of one relay hop at most 2.2x one scalar multiplication).
 *
 * <pre>
 *   mvn -B -q -pl bench package
 *   java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s SphinxBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SphinxBenchmark {

    private final SecureRandom random = new SecureRandom();
    private Sphinx sphinx;
    private List<MixPrivateKey> keys;
    private List<Hop> route3;
    private List<Hop> route5;
    private List<Hop> replyRoute;
    private byte[] payload;
    private byte[] relayPacket;
    private byte[] exitPacket;
    private SurbBundle surb;
    private byte[] delivered;
    private byte[] scalar;
    private byte[] point;
    private final byte[] out = new byte[32];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        sphinx = new Sphinx(Geometry.defaults(), random);
        keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(MixPrivateKey.generate(1, random));
        }
        route3 = route(3, HopInstruction.exit("service", 0));
        route5 = route(5, HopInstruction.exit("service", 0));
        payload = new byte[Geometry.defaults().forwardPayloadCapacity()];
        random.nextBytes(payload);
        relayPacket = sphinx.createForwardPacket(route5, payload);
        byte[] p = sphinx.createForwardPacket(route(1, HopInstruction.exit("service", 0)), payload);
        exitPacket = p;
        replyRoute = route(3, HopInstruction.deliverReply(SurbId.random(random), 0));
        surb = sphinx.createSurb("mix-0", replyRoute);
        byte[] reply = sphinx.createReplyPacket(surb.surb(), payload);
        for (int i = 0; i < 3; i++) {
            reply = ((UnwrapResult.Processed) sphinx.unwrap(keys.get(i), reply)).output();
        }
        delivered = reply;
        scalar = new byte[32];
        X25519.generatePrivateKey(random, scalar);
        point = new byte[32];
        X25519.generatePublicKey(scalar, 0, point, 0);
        if (!(sphinx.unwrap(keys.get(0), relayPacket) instanceof UnwrapResult.Processed)
                || !(sphinx.unwrap(keys.get(0), exitPacket) instanceof UnwrapResult.Processed)) {
            throw new IllegalStateException("benchmark packets do not unwrap");
        }
    }

    private List<Hop> route(int n, HopInstruction last) {
        List<Hop> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(new Hop(keys.get(i).publicKey(), i < n - 1 ? HopInstruction.relay("mix-" + (i + 1), 0) : last));
        }
        return r;
    }

    /** One bare X25519 scalar multiplication (Bouncy Castle), the unit of the unwrap target. */
    @Benchmark
    public byte[] x25519ScalarMult() {
        X25519.scalarMult(scalar, 0, point, 0, out, 0);
        return out;
    }

    /** A relay hop: MAC check, routing decryption, blinding, Lioness over the payload. */
    @Benchmark
    public UnwrapResult unwrapRelayHop() {
        return sphinx.unwrap(keys.get(0), relayPacket);
    }

    /** An exit hop: MAC check, routing decryption, Lioness and the payload integrity check. */
    @Benchmark
    public UnwrapResult unwrapExitHop() {
        return sphinx.unwrap(keys.get(0), exitPacket);
    }

    @Benchmark
    public byte[] createForward3Hops() {
        return sphinx.createForwardPacket(route3, payload);
    }

    @Benchmark
    public byte[] createForward5Hops() {
        return sphinx.createForwardPacket(route5, payload);
    }

    /** A 3-hop reply block. */
    @Benchmark
    public SurbBundle createSurb3Hops() {
        return sphinx.createSurb("mix-0", replyRoute);
    }

    /** Opening a reply that came back through 3 response hops. */
    @Benchmark
    public byte[] openReply3Hops() throws PacketException {
        return sphinx.openReply(surb.secret(), delivered);
    }
}
