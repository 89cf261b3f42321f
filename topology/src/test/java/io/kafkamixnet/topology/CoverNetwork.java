package io.kafkamixnet.topology;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;

/**
 * mix-a (the mixer under test, with its defences) and a simulated mix-b around it, on a
 * TopologyTestDriver clock: whatever mix-a writes to mix-b is peeled with mix-b's real key; a loop
 * (mix-b's layer says Relay back to mix-a) comes back to mix-a's ingress after a random latency,
 * unless the test blocks mix-a's input (the n-1 attacker); a dummy (Drop at mix-b) is counted.
 */
final class CoverNetwork implements AutoCloseable {

    /** How often the simulation looks at mix-a's output and delivers returning loops. */
    static final long STEP_MILLIS = 50;

    final MixFixture f;
    /** mix-b's key of the next epoch, announced ahead (long simulations cross the hour). */
    final io.kafkamixnet.packet.MixPrivateKey nextUpcomingKey =
            io.kafkamixnet.packet.MixPrivateKey.generate(MixFixture.EPOCH + 1, new SecureRandom());

    private final Random latency;
    private final double meanLatencyMillis;
    private final double lossRate;
    private final PriorityQueue<long[]> returning = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final java.util.Map<Long, byte[]> returningPackets = new java.util.HashMap<>();
    private long nextId;
    boolean blocked;
    long dummiesSeen;
    long loopsSeen;
    long loopsDelivered;

    /**
     * @param meanLatencyMillis mean of the exponential latency of a loop through mix-b and back
     * @param lossRate          share of loops an honest network loses (mix-b restarts, epoch ends)
     */
    CoverNetwork(Path dir, long seed, double meanLatencyMillis, double lossRate) {
        this.f = new MixFixture(dir);
        this.latency = new Random(seed);
        this.meanLatencyMillis = meanLatencyMillis;
        this.lossRate = lossRate;
    }

    /** mix-b as the directory announces it: it relays to mix-a and exits to the survey service. */
    DirectorySnapshot directory() {
        byte[] identity = new byte[32];
        new SecureRandom().nextBytes(identity);
        MixerInfo b = MixerInfo.builder()
                .mixerId(MixFixture.NEXT)
                .role(MixerRole.FORWARD)
                .ingressTopic(MixFixture.NEXT_TOPIC)
                .identityKey(identity)
                .epochKeys(List.of(
                        EpochPublicKey.of(f.nextKey.publicKey(), MixFixture.SCHEDULE),
                        EpochPublicKey.of(nextUpcomingKey.publicKey(), MixFixture.SCHEDULE)))
                .strategySummary("timed")
                .publishedAtMillis(MixFixture.START.toEpochMilli())
                .sequence(1)
                .links(MixerLinks.of(List.of(MixFixture.MIXER), List.of(MixFixture.SERVICE)))
                .build();
        return DirectorySnapshot.of(List.of(b));
    }

    CoverNetwork start(MixerConfig config) {
        f.start(config, 1, directory());
        return this;
    }

    /** Advances the clock by {@code millis} in steps, moving packets between mix-a and mix-b at each. */
    void run(long millis) {
        for (long t = 0; t < millis; t += STEP_MILLIS) {
            f.advanceMillis(STEP_MILLIS);
            drainOutput();
            deliverDue();
        }
    }

    void run(Duration d) {
        run(d.toMillis());
    }

    private void drainOutput() {
        for (TestRecord<byte[], PacketEnvelope> r : f.nextHop.readRecordsToList()) {
            var key = r.value().getEpoch() == MixFixture.EPOCH ? f.nextKey : nextUpcomingKey;
            UnwrapResult result =
                    f.sphinx.unwrap(key, MixFixture.bytes(r.value().getPacket()));
            if (!(result instanceof UnwrapResult.Processed p)) {
                throw new AssertionError("mix-b could not peel a packet mix-a wrote: " + result);
            }
            RoutingCommand c = p.instruction().command();
            if (c instanceof RoutingCommand.Drop) {
                dummiesSeen++;
            } else if (c instanceof RoutingCommand.Relay relay
                    && relay.mixerId().equals(MixFixture.MIXER)) {
                loopsSeen++;
                if (latency.nextDouble() >= lossRate) {
                    long at = f.now() + (long) (-Math.log(1 - latency.nextDouble()) * meanLatencyMillis);
                    long id = nextId++;
                    returning.add(new long[] {at, id});
                    returningPackets.put(id, f.envelope(r.value().getEpoch(), p.output()));
                }
            } else {
                throw new AssertionError("unexpected command at mix-b: " + c);
            }
        }
    }

    private void deliverDue() {
        while (!returning.isEmpty() && returning.peek()[0] <= f.now()) {
            byte[] packet = returningPackets.remove(returning.poll()[1]);
            if (!blocked) { // the n-1 attacker holds back everything it did not send itself
                f.ingress.pipeInput(null, packet);
                loopsDelivered++;
            }
        }
    }

    /** A one-hop packet exiting with {@code payload}, under mix-a's key of the epoch current now. */
    void sendExit(String payload) {
        long epoch = MixFixture.SCHEDULE.epochAt(f.now());
        var key = epoch == MixFixture.EPOCH ? f.key : f.upcomingKey;
        byte[] packet = f.sphinx.createForwardPacket(
                List.of(new io.kafkamixnet.packet.Hop(
                        key.publicKey(), io.kafkamixnet.packet.HopInstruction.exit(MixFixture.SERVICE, 0))),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        f.ingress.pipeInput(null, f.envelope(epoch, packet));
    }

    @Override
    public void close() {
        f.close();
    }
}
