package io.kafkamixnet.topology.cover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Response-path loops: the reply blocks {@link CoverPacketBuilder#replyLoop} builds are peeled with
 * the response mixers' real keys along the route they name, end in {@code DeliverReply} with the SURB
 * id the builder returned, at the last response mixer (forward mixer) or at the builder itself
 * (response mixer); {@link MixerCover} and {@link TaskCover} recognise that id and nothing else.
 */
class ReplyLoopTest {

    static final EpochSchedule SCHEDULE = EpochSchedule.defaults();
    static final long NOW = 1_800_000_000_000L;
    static final long EPOCH = SCHEDULE.epochAt(NOW);

    final SecureRandom random = new SecureRandom();
    final Sphinx sphinx = new Sphinx(Geometry.defaults(), random);
    final Map<String, MixPrivateKey> keys = new HashMap<>();
    final List<MixerInfo> mixers = new ArrayList<>();

    /** mix-b (forward, relays to mix-a) and resp-1, resp-2, resp-3 (response, each relaying to the others). */
    ReplyLoopTest() {
        add("mix-b", MixerRole.FORWARD, List.of("mix-a"));
        add("resp-1", MixerRole.RESPONSE, List.of("resp-2", "resp-3"));
        add("resp-2", MixerRole.RESPONSE, List.of("resp-1", "resp-3"));
        add("resp-3", MixerRole.RESPONSE, List.of("resp-1", "resp-2"));
        keys.put("mix-a", MixPrivateKey.generate(EPOCH, random));
    }

    private void add(String id, MixerRole role, List<String> nextHops) {
        MixPrivateKey key = MixPrivateKey.generate(EPOCH, random);
        keys.put(id, key);
        byte[] identity = new byte[32];
        random.nextBytes(identity);
        mixers.add(MixerInfo.builder()
                .mixerId(id)
                .role(role)
                .ingressTopic(id + ".in")
                .identityKey(identity)
                .epochKeys(List.of(EpochPublicKey.of(key.publicKey(), SCHEDULE)))
                .strategySummary("timed")
                .publishedAtMillis(NOW)
                .sequence(1)
                .links(MixerLinks.of(nextHops, List.of()))
                .build());
    }

    private CoverPacketBuilder builder(String self, Set<String> nextHops, CoverPacketBuilder.ReplyPaths paths) {
        DirectorySnapshot directory = DirectorySnapshot.of(mixers);
        return new CoverPacketBuilder(
                self,
                nextHops,
                sphinx,
                SCHEDULE,
                () -> directory,
                (epoch, now) -> Optional.ofNullable(keys.get(self))
                        .filter(k -> k.epoch() == epoch)
                        .map(MixPrivateKey::publicKey),
                random,
                paths);
    }

    /** Peels {@code packet} at {@code firstHop} and on along its Relays; the hops visited and the last command. */
    private record Trip(List<String> hops, RoutingCommand last) {}

    private Trip follow(String firstHop, byte[] packet) {
        List<String> hops = new ArrayList<>();
        String at = firstHop;
        while (true) {
            hops.add(at);
            UnwrapResult r = sphinx.unwrap(keys.get(at), packet);
            assertThat(r).as("peeled at %s", at).isInstanceOf(UnwrapResult.Processed.class);
            UnwrapResult.Processed p = (UnwrapResult.Processed) r;
            RoutingCommand c = p.instruction().command();
            assertThat(p.instruction().delayMillis()).isZero();
            if (c instanceof RoutingCommand.Relay relay) {
                packet = p.output();
                assertThat(packet).hasSize(Geometry.defaults().packetSize());
                at = relay.mixerId();
            } else {
                return new Trip(hops, c);
            }
        }
    }

    @Test
    void aForwardMixersReplyLoopStartsAtAnEntryCrossesOnlyResponseMixersAndIsDeliveredWithItsSurbId() {
        CoverPacketBuilder b =
                builder("mix-a", Set.of("mix-b"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-1"), false));
        Set<String> seconds = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            CoverPacketBuilder.ReplyLoop loop = b.replyLoop(2, NOW).orElseThrow();
            assertThat(loop.packet().firstHop()).isEqualTo("resp-1");
            assertThat(loop.packet().epoch()).isEqualTo(EPOCH);
            assertThat(loop.packet().packet()).hasSize(Geometry.defaults().packetSize());
            Trip trip = follow(loop.packet().firstHop(), loop.packet().packet());
            assertThat(trip.hops()).hasSize(2).doesNotContain("mix-a", "mix-b");
            assertThat(trip.last()).isEqualTo(new RoutingCommand.DeliverReply(loop.surbId()));
            seconds.add(trip.hops().get(1));
        }
        assertThat(seconds).as("random walks over resp-1's links").containsExactlyInAnyOrder("resp-2", "resp-3");
    }

    @Test
    void aResponseMixersReplyLoopStartsAtANextHopAndEndsAtItselfWithDeliverReply() {
        // resp-1 builds for itself: one other response mixer, then back to resp-1, which delivers.
        CoverPacketBuilder b = builder(
                "resp-1",
                Set.of("resp-2", "resp-3"),
                new CoverPacketBuilder.ReplyPaths(Set.of("resp-2", "resp-3"), true));
        for (int i = 0; i < 20; i++) {
            CoverPacketBuilder.ReplyLoop loop = b.replyLoop(1, NOW).orElseThrow();
            Trip trip = follow(loop.packet().firstHop(), loop.packet().packet());
            assertThat(trip.hops()).hasSize(2);
            assertThat(trip.hops().get(0)).isIn("resp-2", "resp-3");
            assertThat(trip.hops().get(1)).isEqualTo("resp-1");
            assertThat(trip.last()).isEqualTo(new RoutingCommand.DeliverReply(loop.surbId()));
        }
        // Longer routes where the links allow: resp-2 -> resp-3 -> resp-1.
        CoverPacket two = b.replyLoop(2, NOW).orElseThrow().packet();
        Trip longer = follow(two.firstHop(), two.packet());
        assertThat(longer.hops()).hasSize(3).endsWith("resp-1");
    }

    @Test
    void noReplyLoopWithoutAnEntryInTheDirectoryOrWithoutOwnKey() {
        assertThat(builder("mix-a", Set.of("mix-b"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-9"), false))
                        .replyLoop(2, NOW))
                .as("the entry is not in the directory")
                .isEmpty();
        assertThat(builder("mix-a", Set.of("mix-b"), new CoverPacketBuilder.ReplyPaths(Set.of("mix-b"), false))
                        .replyLoop(1, NOW))
                .as("a forward mixer is never a reply hop")
                .isEmpty();
        assertThat(builder("resp-4", Set.of("resp-2"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-2"), true))
                        .replyLoop(1, NOW))
                .as("the last hop's (own) key is missing")
                .isEmpty();
    }

    @Test
    void eachReplyLoopHasAFreshSurbIdAndPacket() {
        CoverPacketBuilder b =
                builder("mix-a", Set.of("mix-b"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-1"), false));
        Set<SurbId> ids = new HashSet<>();
        Set<String> alphas = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            CoverPacketBuilder.ReplyLoop loop = b.replyLoop(2, NOW).orElseThrow();
            ids.add(loop.surbId());
            alphas.add(java.util.HexFormat.of().formatHex(loop.packet().packet(), 0, 32));
        }
        assertThat(ids).hasSize(50);
        assertThat(alphas).hasSize(50);
    }

    private static HeartbeatMonitor monitor(String owner, boolean hold) {
        return new HeartbeatMonitor(
                owner,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                0.9,
                1e-6,
                hold,
                HeartbeatMonitor.Listener.NONE,
                NOW);
    }

    private MixerCover cover(boolean endsHere, HeartbeatMonitor forward, HeartbeatMonitor response, int loopsPerBatch) {
        CoverPacketBuilder b = endsHere
                ? builder(
                        "resp-1", Set.of("resp-2", "resp-3"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-2"), true))
                : builder("mix-a", Set.of("mix-b"), new CoverPacketBuilder.ReplyPaths(Set.of("resp-1"), false));
        Map<LoopPath, HeartbeatMonitor> monitors = new HashMap<>();
        if (forward != null) {
            monitors.put(LoopPath.FORWARD, forward);
        }
        monitors.put(LoopPath.RESPONSE, response);
        return new MixerCover(
                new MixerCover.Settings(0, 0, 50, 1, 5, 1, loopsPerBatch, monitors.keySet(), endsHere),
                b,
                monitors,
                CoverMetrics.NONE,
                random);
    }

    @Test
    void aForwardMixerRecognisesItsReplyLoopsFromTheInboxBySurbIdOnce() {
        HeartbeatMonitor response = monitor("mix-a", false);
        MixerCover cover = cover(false, null, response, 0);
        List<CoverPacket> due = new ArrayList<>();
        TaskCover task = cover.forTask();
        task.due(NOW); // starts the schedule
        for (long t = NOW; due.size() < 5; t += 50) {
            due.addAll(task.due(t));
        }
        // Whatever was sent is recognised by the id the last response mixer delivers, once.
        int recognised = 0;
        for (CoverPacket p : due) {
            RoutingCommand last = follow(p.firstHop(), p.packet()).last();
            byte[] id = ((RoutingCommand.DeliverReply) last).surbId().bytes();
            assertThat(cover.recogniseReply(id, NOW + 1000)).isTrue();
            assertThat(cover.recogniseReply(id, NOW + 1000)).as("a replayed id").isFalse();
            recognised++;
        }
        assertThat(recognised).isEqualTo(due.size());
        assertThat(cover.recogniseReply(SurbId.random(random).bytes(), NOW + 1000))
                .as("another client's reply")
                .isFalse();
    }

    @Test
    void aResponseMixerRecognisesItsReplyLoopAtIntakeAndCountsItForTheNextRelease() {
        MixerCover cover = cover(true, null, monitor("resp-1", false), 1);
        TaskCover task = cover.forTask();
        task.due(NOW);
        List<CoverPacket> due = new ArrayList<>();
        for (long t = NOW; due.isEmpty(); t += 50) {
            due.addAll(task.due(t));
        }
        RoutingCommand last = follow(due.get(0).firstHop(), due.get(0).packet()).last();
        assertThat(task.mayRelease(NOW + 500))
                .as("loops-per-batch 1, none back yet")
                .isFalse();
        // Another client's reply delivered here is not ours.
        task.accepted(new RoutingCommand.DeliverReply(SurbId.random(random)), new byte[32], NOW + 500);
        assertThat(task.mayRelease(NOW + 500)).isFalse();
        task.accepted(last, new byte[32], NOW + 500);
        assertThat(task.mayRelease(NOW + 500)).isTrue();
    }

    @Test
    void aDeadResponsePathRaisesTheMixersAlarmThoughEveryForwardLoopComesBack() {
        HeartbeatMonitor forward = monitor("mix-a forward", true);
        HeartbeatMonitor response = monitor("mix-a response", false);
        MixerCover cover = cover(false, forward, response, 0);
        long t = NOW;
        for (int i = 0; i < 20; i++, t += 250) {
            byte[] tag = new byte[32];
            random.nextBytes(tag);
            forward.sent(tag, t);
            forward.recognise(tag, t + 100);
            response.sent(SurbId.random(random).bytes(), t); // never comes back
        }
        cover.check(NOW + 8_000);
        assertThat(forward.alarm()).isFalse();
        assertThat(response.alarm()).isTrue();
        assertThat(cover.alarm()).as("either path's alarm is the mixer's").isTrue();
        // Only loops through this mixer's own ingress hold its releases (a forward mixer's reply-path
        // loops test the response mixers, not its input).
        assertThat(cover.forTask().mayRelease(NOW + 8_000)).isTrue();
    }
}
