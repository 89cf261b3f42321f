package io.kafkamixnet.topology.cover;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbBundle;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.TaggedPacket;
import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds this mixer's dummies and loops (and, with {@link ReplyPaths}, its response-path loops:
 * {@link #replyLoop}): real Sphinx forward packets, as a client builds its drop
 * cover, to random routes over the links the directory announces. A route starts at one of this
 * mixer's configured next hops (so the packet leaves through a sink it already has); a dummy ends in
 * Drop at its last hop, a loop relays back to this mixer and ends in Drop here. Payloads are random
 * bytes; every hop's delay is 0 (the strategies that honour delays are the continuous ones;
 * docs/defences.md says what that reveals). Thread-safe.
 *
 * <p>Keys: every hop's key is of the epoch current at building time (other mixers' from the
 * directory, this mixer's own from its key ring), as {@code RequestPacker} does.
 */
public final class CoverPacketBuilder {

    /** Random walks tried per route length before a shorter route is tried. */
    static final int WALK_ATTEMPTS = 32;

    /** A loop and the replay tag by which this mixer will recognise it on return. */
    public record Loop(CoverPacket packet, byte[] tag) {
        @Override
        public String toString() {
            return "Loop[" + packet + "]";
        }
    }

    /**
     * A response-path loop: the reply packet made from a reply block this mixer built for itself, and
     * the SURB id by which it will recognise the reply when the last hop delivers it.
     */
    public record ReplyLoop(CoverPacket packet, SurbId surbId) {
        @Override
        public String toString() {
            return "ReplyLoop[" + packet + "]";
        }
    }

    /**
     * Where this mixer's response-path loops go.
     *
     * @param entries   the response mixers a reply-path loop may start at: a response mixer's next hops,
     *                  a forward mixer's {@code heartbeat.entry.*}
     * @param endsHere  whether this mixer is the loop's last hop ({@code DeliverReply} peeled here: a
     *                  response mixer); otherwise the last response mixer delivers it to the inbox
     */
    public record ReplyPaths(Set<String> entries, boolean endsHere) {
        public ReplyPaths {
            entries = Set.copyOf(entries);
        }

        /** No response-path loops. */
        public static ReplyPaths none() {
            return new ReplyPaths(Set.of(), false);
        }
    }

    /** This mixer's own public key of an epoch, if its key ring holds one valid at a time. */
    @FunctionalInterface
    public interface OwnKey {
        Optional<MixPublicKey> of(long epoch, long nowMillis);
    }

    private final String selfId;
    private final Set<String> nextHops;
    private final Sphinx sphinx;
    private final EpochSchedule schedule;
    private final Supplier<DirectorySnapshot> directory;
    private final OwnKey ownKey;
    private final SecureRandom random;
    private final ReplyPaths replyPaths;

    public CoverPacketBuilder(
            String selfId,
            Set<String> nextHops,
            Sphinx sphinx,
            EpochSchedule schedule,
            Supplier<DirectorySnapshot> directory,
            OwnKey ownKey,
            SecureRandom random) {
        this(selfId, nextHops, sphinx, schedule, directory, ownKey, random, ReplyPaths.none());
    }

    /** A builder that also builds response-path loops ({@link #replyLoop}) along {@code replyPaths}. */
    public CoverPacketBuilder(
            String selfId,
            Set<String> nextHops,
            Sphinx sphinx,
            EpochSchedule schedule,
            Supplier<DirectorySnapshot> directory,
            OwnKey ownKey,
            SecureRandom random,
            ReplyPaths replyPaths) {
        this.replyPaths = Objects.requireNonNull(replyPaths, "replyPaths");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.nextHops = Set.copyOf(nextHops);
        this.sphinx = Objects.requireNonNull(sphinx, "sphinx");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.ownKey = Objects.requireNonNull(ownKey, "ownKey");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A dummy: {@code hops} mixers (fewer where the links allow no longer route), the last one drops it.
     * Empty when the directory lists none of this mixer's next hops with a key valid now.
     */
    public Optional<CoverPacket> dummy(int hops, long nowMillis) {
        long epoch = schedule.epochAt(nowMillis);
        List<Candidate> all = candidates(epoch, nowMillis);
        for (int n = Math.min(hops, sphinx.geometry().maxHops()); n >= 1; n--) {
            Optional<List<Candidate>> route = walk(all, nextHops, n, null);
            if (route.isPresent()) {
                List<Hop> path = hops(route.get());
                byte[] packet = sphinx.createForwardPacket(path, randomPayload());
                return Optional.of(new CoverPacket(route.get().get(0).id, epoch, packet));
            }
        }
        return Optional.empty();
    }

    /**
     * A loop: {@code hops} other mixers (fewer where the links allow no longer route), the last of which
     * announces this mixer as a next hop, then this mixer, which drops it. Empty when there is no such
     * route or this mixer has no key of the current epoch.
     */
    public Optional<Loop> loop(int hops, long nowMillis) {
        long epoch = schedule.epochAt(nowMillis);
        Optional<MixPublicKey> own = ownKey.of(epoch, nowMillis);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        List<Candidate> all = candidates(epoch, nowMillis);
        Candidate self = new Candidate(selfId, own.get(), null);
        for (int n = Math.min(hops, sphinx.geometry().maxHops() - 1); n >= 1; n--) {
            Optional<List<Candidate>> route = walk(all, nextHops, n, self);
            if (route.isPresent()) {
                List<Candidate> withSelf = new ArrayList<>(route.get());
                withSelf.add(self);
                TaggedPacket tagged = sphinx.createTaggedForwardPacket(hops(withSelf), randomPayload());
                return Optional.of(new Loop(
                        new CoverPacket(route.get().get(0).id, epoch, tagged.packet()), tagged.lastHopReplayTag()));
            }
        }
        return Optional.empty();
    }

    /**
     * A response-path loop: a reply block through {@code hops} response mixers (fewer where the links
     * allow no longer route), starting at one of {@link ReplyPaths#entries()}, whose last hop delivers
     * the reply with a fresh random SURB id: this mixer when it is a response mixer (the route then
     * relays back to it), otherwise the last of the {@code hops}. The reply packet carries a random
     * payload under the block's reply key, exactly as a service's reply does; the block's secret is
     * destroyed at once, since only the id is needed to recognise the return. Every hop's delay is 0.
     * Empty when there is no such route, or this mixer, as last hop, has no key of the current epoch.
     */
    public Optional<ReplyLoop> replyLoop(int hops, long nowMillis) {
        long epoch = schedule.epochAt(nowMillis);
        Candidate self = null;
        if (replyPaths.endsHere()) {
            Optional<MixPublicKey> own = ownKey.of(epoch, nowMillis);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            self = new Candidate(selfId, own.get(), null);
        }
        List<Candidate> responders = new ArrayList<>();
        for (Candidate c : candidates(epoch, nowMillis)) {
            if (c.info.role() == MixerRole.RESPONSE) {
                responders.add(c);
            }
        }
        int longest = Math.min(hops, sphinx.geometry().maxHops() - (self == null ? 0 : 1));
        for (int n = longest; n >= 1; n--) {
            Optional<List<Candidate>> route = walk(responders, replyPaths.entries(), n, self);
            if (route.isPresent()) {
                List<Candidate> full = new ArrayList<>(route.get());
                if (self != null) {
                    full.add(self);
                }
                SurbId surbId = SurbId.random(random);
                List<Hop> path = new ArrayList<>(full.size());
                for (int i = 0; i < full.size(); i++) {
                    HopInstruction instruction = i + 1 < full.size()
                            ? HopInstruction.relay(full.get(i + 1).id, 0)
                            : HopInstruction.deliverReply(surbId, 0);
                    path.add(new Hop(full.get(i).key, instruction));
                }
                String firstHop = full.get(0).id;
                SurbBundle surb = sphinx.createSurb(firstHop, path);
                try {
                    byte[] payload = new byte[sphinx.geometry().replyPayloadCapacity()];
                    random.nextBytes(payload);
                    byte[] packet = sphinx.createReplyPacket(surb.surb(), payload);
                    return Optional.of(new ReplyLoop(new CoverPacket(firstHop, epoch, packet), surbId));
                } finally {
                    surb.secret().destroy();
                }
            }
        }
        return Optional.empty();
    }

    private record Candidate(String id, MixPublicKey key, MixerInfo info) {
        boolean linksTo(String next, MixerInfo nextInfo) {
            if (info.links().isPresent()) {
                return info.links().get().relaysTo(next);
            }
            // A descriptor without links (version 1): relays to mixers of its role, as clients assume.
            return nextInfo == null || nextInfo.role() == info.role();
        }
    }

    private List<Candidate> candidates(long epoch, long nowMillis) {
        List<Candidate> out = new ArrayList<>();
        for (MixerInfo m : directory.get().all()) {
            if (m.mixerId().equals(selfId)) {
                continue;
            }
            Optional<EpochPublicKey> k = m.epochKey(epoch);
            if (k.isPresent() && nowMillis < k.get().validUntilMillis()) {
                out.add(new Candidate(m.mixerId(), k.get().key(), m));
            }
        }
        return out;
    }

    /**
     * {@code n} distinct candidates, the first one of {@code starts}, each linked to the next; with
     * {@code backTo}, the last must link to it. A random walk, retried.
     */
    private Optional<List<Candidate>> walk(List<Candidate> all, Set<String> starts, int n, Candidate backTo) {
        List<Candidate> firsts = new ArrayList<>();
        for (Candidate c : all) {
            if (starts.contains(c.id)) {
                firsts.add(c);
            }
        }
        if (firsts.isEmpty()) {
            return Optional.empty();
        }
        attempts:
        for (int attempt = 0; attempt < WALK_ATTEMPTS; attempt++) {
            List<Candidate> route = new ArrayList<>(n);
            route.add(firsts.get(random.nextInt(firsts.size())));
            while (route.size() < n) {
                Candidate at = route.get(route.size() - 1);
                List<Candidate> next = new ArrayList<>();
                for (Candidate c : all) {
                    if (!route.contains(c) && at.linksTo(c.id, c.info)) {
                        next.add(c);
                    }
                }
                if (next.isEmpty()) {
                    continue attempts;
                }
                route.add(next.get(random.nextInt(next.size())));
            }
            if (backTo == null || route.get(n - 1).linksTo(backTo.id, null)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** Each hop relays to the next, the last drops; no hop delays. */
    private static List<Hop> hops(List<Candidate> route) {
        List<Hop> hops = new ArrayList<>(route.size());
        for (int i = 0; i < route.size(); i++) {
            HopInstruction instruction =
                    i + 1 < route.size() ? HopInstruction.relay(route.get(i + 1).id, 0) : HopInstruction.drop(0);
            hops.add(new Hop(route.get(i).key, instruction));
        }
        return hops;
    }

    private byte[] randomPayload() {
        byte[] payload = new byte[sphinx.geometry().forwardPayloadCapacity()];
        random.nextBytes(payload);
        return payload;
    }
}
