package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbBundle;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.SurbSecret;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Turns a request into forward packets: for each fragment a fresh random route of distinct forward
 * mixers ending in Exit(service), a fresh SURB through distinct response mixers ending in
 * DeliverReply, and the request frame carrying that SURB. Routes follow the links the directory
 * announces ({@link RouteSelector}): each hop announces the next as a next hop, a request's last hop
 * announces the service as an exit, so no mixer refuses a packet for UNKNOWN_NEXT_HOP or
 * UNKNOWN_SERVICE. Every key of every packet (and SURB) of one
 * request is from the same epoch: the one current at the time of packing. Thread-safe.
 */
public final class RequestPacker {

    /** One packet to produce. */
    public record Outgoing(String topic, byte[] packet, byte[] envelope) {
        @Override
        public String toString() {
            return "Outgoing[" + envelope.length + " bytes]";
        }
    }

    /** A packed request: the packets to produce, the SURB secrets to keep, and when the keys expire. */
    public record Packed(
            MessageId messageId, long epoch, List<Outgoing> packets, List<SurbSecret> secrets, long graceUntilMillis) {
        @Override
        public String toString() {
            return "Packed[epoch=" + epoch + ", packets=" + packets.size() + "]";
        }
    }

    private final Sphinx sphinx;
    private final PacketEnvelopeCodec envelopes;
    private final MessageLimits limits;
    private final EpochSchedule schedule;
    private final int forwardHops;
    private final int replyHops;
    private final DelayDistribution forwardDelay;
    private final DelayDistribution replyDelay;
    private final SecureRandom random;
    private final RouteSelector selector;
    private final Duration minKeyLifetime;

    /** Default of {@link #RequestPacker(Sphinx, EpochSchedule, int, int, DelayDistribution, DelayDistribution, SecureRandom, Duration)}. */
    public static final Duration DEFAULT_MIN_KEY_LIFETIME = Duration.ofSeconds(30);

    public RequestPacker(
            Sphinx sphinx,
            EpochSchedule schedule,
            int forwardHops,
            int replyHops,
            DelayDistribution forwardDelay,
            DelayDistribution replyDelay,
            SecureRandom random) {
        this(sphinx, schedule, forwardHops, replyHops, forwardDelay, replyDelay, random, DEFAULT_MIN_KEY_LIFETIME);
    }

    /**
     * @param minKeyLifetime how long, at least, the keys a packet is built with must still be accepted by
     *                       the mixers: when the current epoch's keys (grace included) would be accepted
     *                       for less, the packet is built with the next epoch's keys, which mixers announce
     *                       ahead and already accept. With the usual grace of minutes this never happens;
     *                       with a grace shorter than a round trip it keeps requests from dying at the boundary.
     */
    public RequestPacker(
            Sphinx sphinx,
            EpochSchedule schedule,
            int forwardHops,
            int replyHops,
            DelayDistribution forwardDelay,
            DelayDistribution replyDelay,
            SecureRandom random,
            Duration minKeyLifetime) {
        this(sphinx, schedule, forwardHops, replyHops, forwardDelay, replyDelay, random, minKeyLifetime, true);
    }

    /**
     * @param avoidAlarmedMixers whether routes leave out mixers whose descriptor reports a heartbeat
     *                           alarm when the other mixers allow a route ({@link RouteSelector})
     */
    public RequestPacker(
            Sphinx sphinx,
            EpochSchedule schedule,
            int forwardHops,
            int replyHops,
            DelayDistribution forwardDelay,
            DelayDistribution replyDelay,
            SecureRandom random,
            Duration minKeyLifetime,
            boolean avoidAlarmedMixers) {
        this.minKeyLifetime = Objects.requireNonNull(minKeyLifetime, "minKeyLifetime");
        if (minKeyLifetime.isNegative()) {
            throw new IllegalArgumentException("the minimum key lifetime must be >= 0, found " + minKeyLifetime);
        }
        this.sphinx = Objects.requireNonNull(sphinx, "sphinx");
        this.limits = MessageLimits.of(sphinx.geometry());
        this.envelopes = PacketEnvelopeCodec.forPacketSize(sphinx.geometry().packetSize());
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        int max = sphinx.geometry().maxHops();
        if (forwardHops < 1 || forwardHops > max) {
            throw new IllegalArgumentException(
                    "forward hops must be 1.." + max + " for " + sphinx.geometry() + ", found " + forwardHops);
        }
        if (replyHops < 1 || replyHops > max) {
            throw new IllegalArgumentException(
                    "reply hops must be 1.." + max + " for " + sphinx.geometry() + ", found " + replyHops);
        }
        this.forwardHops = forwardHops;
        this.replyHops = replyHops;
        this.forwardDelay = Objects.requireNonNull(forwardDelay, "forwardDelay");
        this.replyDelay = Objects.requireNonNull(replyDelay, "replyDelay");
        this.random = Objects.requireNonNull(random, "random");
        this.selector = new RouteSelector(random, avoidAlarmedMixers);
    }

    /** The route selector, for its counters. */
    public RouteSelector selector() {
        return selector;
    }

    public MessageLimits limits() {
        return limits;
    }

    /**
     * Packs {@code data} for {@code service} into {@code fragments} packets (see
     * {@link MessageLimits#fragmentsFor}).
     *
     * @throws io.kafkamixnet.client.NoRouteException if the directory lacks enough mixers with keys of
     *                                                 the current epoch, or its announced links allow no
     *                                                 route to {@code service} or back
     */
    public Packed pack(DirectorySnapshot directory, long nowMillis, String service, byte[] data, int fragments) {
        long epoch = packingEpoch(nowMillis);
        RoutePlan forward = selector.plan(
                DirectoryRoutes.candidates(directory, MixerRole.FORWARD, epoch, nowMillis),
                forwardHops,
                RoutePlan.LastHop.exitingTo(service),
                "FORWARD mixers with a key valid now (epoch " + epoch + ")");
        // Every RESPONSE mixer delivers replies (its role says so): any of them can end a SURB's route.
        RoutePlan response = selector.plan(
                DirectoryRoutes.candidates(directory, MixerRole.RESPONSE, epoch, nowMillis),
                replyHops,
                RoutePlan.LastHop.ANY,
                "RESPONSE mixers with a key valid now (epoch " + epoch + ")");
        // Fail before any key work if a route cannot be built.
        forward.pick();
        response.pick();

        MessageId messageId = MessageId.random(random);
        byte[][] slices = FragmentAssembly.split(data, fragments, limits.requestBytesPerFragment());
        List<Outgoing> packets = new ArrayList<>(fragments);
        List<SurbSecret> secrets = new ArrayList<>(fragments);
        long graceUntil = Long.MAX_VALUE;
        try {
            for (int i = 0; i < fragments; i++) {
                List<RouteCandidate> replyRoute = response.pick();
                SurbBundle surb = sphinx.createSurb(replyRoute.get(0).mixerId(), replyHops(replyRoute));
                secrets.add(surb.secret());
                RequestFrame frame = new RequestFrame(
                        messageId, i, fragments, data.length, surb.surb().toBytes(), slices[i]);

                List<RouteCandidate> route = forward.pick();
                byte[] packet = sphinx.createForwardPacket(forwardHops(route, service), frame.encode());
                packets.add(new Outgoing(route.get(0).ingressTopic(), packet, envelopes.encode(epoch, packet)));
                for (RouteCandidate c : route) {
                    graceUntil = Math.min(graceUntil, c.graceUntilMillis());
                }
                for (RouteCandidate c : replyRoute) {
                    graceUntil = Math.min(graceUntil, c.graceUntilMillis());
                }
            }
        } catch (RuntimeException e) {
            secrets.forEach(SurbSecret::destroy);
            throw e;
        }
        return new Packed(messageId, epoch, List.copyOf(packets), List.copyOf(secrets), graceUntil);
    }

    /**
     * A drop packet: cover traffic through random distinct mixers of {@code role} ({@code forwardHops}
     * FORWARD or {@code replyHops} RESPONSE mixers, with the same per-hop delay distribution as real
     * traffic on that path, over announced links like real traffic) whose last hop discards it; every
     * mixer obeys Drop, so any can be last. A mixer cannot tell it from a request or a reply
     * until the hop that drops it peels its last layer; its payload is random bytes.
     *
     * @throws io.kafkamixnet.client.NoRouteException if the directory lacks enough such mixers
     */
    public Outgoing packDrop(DirectorySnapshot directory, long nowMillis, MixerRole role) {
        long epoch = packingEpoch(nowMillis);
        boolean forwardPath = role == MixerRole.FORWARD;
        int hopCount = forwardPath ? forwardHops : replyHops;
        DelayDistribution delays = forwardPath ? forwardDelay : replyDelay;
        List<RouteCandidate> route = selector.pick(
                DirectoryRoutes.candidates(directory, role, epoch, nowMillis),
                hopCount,
                role + " mixers with a key valid now (epoch " + epoch + ")");
        List<Hop> hops = hops(route, delays, HopInstruction::drop);
        byte[] payload = new byte[sphinx.geometry().forwardPayloadCapacity()];
        random.nextBytes(payload);
        byte[] packet = sphinx.createForwardPacket(hops, payload);
        return new Outgoing(route.get(0).ingressTopic(), packet, envelopes.encode(epoch, packet));
    }

    /** A loop: a reply packet this client builds for itself, and the SURB id it will come back with. */
    public record Loop(Outgoing packet, SurbId surbId) {
        @Override
        public String toString() {
            return "Loop[" + packet + "]";
        }
    }

    /**
     * A loop packet (Loopix's loop cover): a single-use reply block through {@code replyHops} random
     * RESPONSE mixers, built by this client for itself, and a reply packet with a random payload built
     * from it, produced to the SURB's first hop. At every response mixer it is a reply packet like a
     * service's; the last one delivers it to the shared reply inbox, where only this client knows its
     * SURB id. So it comes back unless a mixer on its path, or the broker, holds back what it cannot
     * tell from honest replies. The SURB secret is destroyed at once: the client only needs the id.
     *
     * @throws io.kafkamixnet.client.NoRouteException if the directory lacks enough RESPONSE mixers
     */
    public Loop packLoop(DirectorySnapshot directory, long nowMillis) {
        long epoch = packingEpoch(nowMillis);
        List<RouteCandidate> route = selector.pick(
                DirectoryRoutes.candidates(directory, MixerRole.RESPONSE, epoch, nowMillis),
                replyHops,
                "RESPONSE mixers with a key valid now (epoch " + epoch + ")");
        SurbBundle surb = sphinx.createSurb(route.get(0).mixerId(), replyHops(route));
        try {
            byte[] payload = new byte[sphinx.geometry().replyPayloadCapacity()];
            random.nextBytes(payload);
            byte[] packet = sphinx.createReplyPacket(surb.surb(), payload);
            return new Loop(
                    new Outgoing(route.get(0).ingressTopic(), packet, envelopes.encode(epoch, packet)),
                    surb.secret().id());
        } finally {
            surb.secret().destroy();
        }
    }

    /** The current epoch, or the next one when the current epoch's keys are about to stop being accepted. */
    long packingEpoch(long nowMillis) {
        long current = schedule.epochAt(nowMillis);
        return schedule.graceUntilMillis(current) - nowMillis < minKeyLifetime.toMillis() ? current + 1 : current;
    }

    private List<Hop> forwardHops(List<RouteCandidate> route, String service) {
        return hops(route, forwardDelay, delay -> HopInstruction.exit(service, delay));
    }

    private List<Hop> replyHops(List<RouteCandidate> route) {
        SurbId surbId = SurbId.random(random);
        return hops(route, replyDelay, delay -> HopInstruction.deliverReply(surbId, delay));
    }

    /** Each hop relays to the next; the last one does {@code last}. Every hop gets its own delay. */
    private List<Hop> hops(List<RouteCandidate> route, DelayDistribution delays, LongFunction<HopInstruction> last) {
        List<Hop> hops = new ArrayList<>(route.size());
        for (int i = 0; i < route.size(); i++) {
            long delay = delays.sampleMillis(random);
            HopInstruction instruction =
                    i + 1 < route.size() ? HopInstruction.relay(route.get(i + 1).mixerId(), delay) : last.apply(delay);
            hops.add(new Hop(route.get(i).key(), instruction));
        }
        return hops;
    }
}
