package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.NoRouteException;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.ReplyStatus;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.Surb;
import io.kafkamixnet.packet.SurbSecret;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packing requests with the real packet module, and peeling them hop by hop as the mixers would:
 * routes, epochs, delays, the frame inside the payload, and the SURB round trip.
 */
class RequestPackerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final Sphinx SPHINX = new Sphinx(TestMixers.geometry());
    private static final MessageLimits LIMITS = MessageLimits.defaults();

    private final TestMixers mixers = TestMixers.now(4, 2);

    private RequestPacker packer(int forwardHops, int replyHops, DelayDistribution delays) {
        return new RequestPacker(SPHINX, mixers.schedule(), forwardHops, replyHops, delays, delays, RANDOM);
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private record Received(List<RequestFrame> frames, List<TestMixers.Exit> exits) {}

    private Received deliver(RequestPacker.Packed packed) throws Exception {
        List<RequestFrame> frames = new ArrayList<>();
        List<TestMixers.Exit> exits = new ArrayList<>();
        for (RequestPacker.Outgoing out : packed.packets()) {
            PacketEnvelope envelope = ENVELOPES.decode(out.envelope());
            assertThat(envelope.getFormatVersion()).isEqualTo(1);
            assertThat(envelope.getEpoch()).isEqualTo(mixers.epoch());
            byte[] packet = AvroCodec.copyBytes(envelope.getPacket());
            assertThat(packet).hasSize(TestMixers.geometry().packetSize());
            TestMixers.Exit exit =
                    mixers.walkForward(SPHINX, mixers.byIngress(out.topic()).id(), packet);
            exits.add(exit);
            frames.add(RequestFrame.decode(exit.payload(), LIMITS));
        }
        return new Received(frames, exits);
    }

    @Test
    void aRequestAtTheSizeLimitTravelsIn16FragmentsAndReassembles() throws Exception {
        byte[] request = data(LIMITS.maxRequestBytes());
        int fragments = LIMITS.fragmentsFor(request.length, 0);
        assertThat(fragments).isEqualTo(16);
        RequestPacker.Packed packed = packer(2, 1, DelayDistribution.zero())
                .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", request, fragments);
        assertThat(packed.packets()).hasSize(16);
        assertThat(packed.secrets()).hasSize(16);
        assertThat(packed.graceUntilMillis()).isEqualTo(mixers.schedule().graceUntilMillis(mixers.epoch()));

        Received received = deliver(packed);
        FragmentAssembly assembly = null;
        for (RequestFrame f : received.frames()) {
            assertThat(f.messageId()).isEqualTo(packed.messageId());
            if (assembly == null) {
                assembly = new FragmentAssembly(f.count(), f.totalLength());
            }
            assembly.add(f.index(), f.count(), f.totalLength(), f.data());
        }
        assertThat(assembly.assemble()).isEqualTo(request);
        for (TestMixers.Exit exit : received.exits()) {
            assertThat(exit.service()).isEqualTo("echo");
            assertThat(exit.path())
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).startsWith("f"));
        }
    }

    @Test
    void oneByteOverTheLimitCannotBePacked() {
        byte[] request = data(LIMITS.maxRequestBytes() + 1);
        assertThatThrownBy(() -> LIMITS.fragmentsFor(request.length, 0))
                .isInstanceOf(io.kafkamixnet.client.MessageTooLargeException.class);
        assertThatThrownBy(() -> packer(2, 1, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", request, 16))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachFragmentsSurbCarriesAReplyBackToItsSecret() throws Exception {
        byte[] request = data(10);
        RequestPacker.Packed packed = packer(3, 2, DelayDistribution.zero())
                .pack(mixers.snapshot(), System.currentTimeMillis(), "svc", request, 3);
        Received received = deliver(packed);
        for (RequestFrame f : received.frames()) {
            Surb surb = Surb.fromBytes(f.surb());
            assertThat(surb.epoch()).isEqualTo(mixers.epoch());
            assertThat(surb.firstHop()).startsWith("r");
            byte[] replyPayload = new ReplyFrame(f.messageId(), 0, 1, ReplyStatus.OK, 3, new byte[] {7, 7, 7}).encode();
            byte[] replyPacket = SPHINX.createReplyPacket(surb, replyPayload);
            TestMixers.Delivery delivery = mixers.walkReply(SPHINX, surb.firstHop(), replyPacket);
            assertThat(delivery.path())
                    .hasSize(2)
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).startsWith("r"));
            SurbSecret secret = packed.secrets().stream()
                    .filter(s -> s.id().equals(delivery.surbId()))
                    .findFirst()
                    .orElseThrow();
            byte[] opened = SPHINX.openReply(secret, delivery.payload());
            assertThat(ReplyFrame.decode(opened, LIMITS).data()).containsExactly(7, 7, 7);
        }
        assertThat(new HashSet<>(packed.secrets().stream().map(SurbSecret::id).toList()))
                .hasSize(3);
    }

    @Test
    void routesAreFreshPerFragmentAndUseEveryForwardMixer() throws Exception {
        RequestPacker.Packed packed = packer(2, 1, DelayDistribution.zero())
                .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(100), 16);
        Received received = deliver(packed);
        HashSet<String> used = new HashSet<>();
        received.exits().forEach(e -> used.addAll(e.path()));
        // 16 independent routes over 4 mixers: all four are used unless something is badly biased
        // (probability of missing one is below 4 * (3/4)^32 ~ 4e-4... per mixer, so use 16 routes of 2 hops).
        assertThat(used).containsExactlyInAnyOrder("f0", "f1", "f2", "f3");
    }

    @Test
    void exponentialDelaysAreWrittenIntoEveryHop() throws Exception {
        RequestPacker.Packed packed = packer(3, 2, DelayDistribution.exponential(Duration.ofSeconds(10)))
                .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(10), 4);
        Received received = deliver(packed);
        List<Long> delays = new ArrayList<>();
        received.exits().forEach(e -> delays.addAll(e.delays()));
        assertThat(delays).hasSize(12);
        // 12 draws with a 10 s mean: all zero with probability ~ (0.5/10000)^12.
        assertThat(delays).anySatisfy(d -> assertThat(d).isPositive());
        Surb surb = Surb.fromBytes(received.frames().get(0).surb());
        TestMixers.Delivery delivery =
                mixers.walkReply(SPHINX, surb.firstHop(), SPHINX.createReplyPacket(surb, new byte[1]));
        assertThat(delivery.delays()).hasSize(2);
    }

    @Test
    void zeroDelaysByDefault() throws Exception {
        Received received = deliver(packer(2, 1, DelayDistribution.zero())
                .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(10), 1));
        assertThat(received.exits().get(0).delays()).containsOnly(0L);
    }

    /**
     * f0 -> f1; f1 -> f2, f3; f2 -> f0; f3 -> nothing. Exits: f2 (echo, survey), f3 (echo). r0 -> r1.
     * Two-hop routes to echo: f1 f2 and f1 f3 only; replies: r0 r1 only.
     */
    private void announceAPartialNetwork() {
        mixers.announce("f0", List.of("f1"), List.of());
        mixers.announce("f1", List.of("f2", "f3"), List.of());
        mixers.announce("f2", List.of("f0"), List.of("echo", "survey"));
        mixers.announce("f3", List.of(), List.of("echo"));
        mixers.announce("r0", List.of("r1"), List.of());
        mixers.announce("r1", List.of(), List.of());
    }

    @Test
    void routesUseOnlyAnnouncedLinksAndEndAtAnExitOfTheService() throws Exception {
        announceAPartialNetwork();
        RequestPacker.Packed packed = packer(2, 2, DelayDistribution.zero())
                .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(100), 16);

        // The walker refuses, as a mixer would, any Relay or Exit the mixer does not announce.
        Received received = deliver(packed);
        assertThat(received.exits().stream().map(TestMixers.Exit::path).distinct())
                .allSatisfy(path -> assertThat(path).isIn(List.of("f1", "f2"), List.of("f1", "f3")));
        for (RequestFrame f : received.frames()) {
            Surb surb = Surb.fromBytes(f.surb());
            assertThat(surb.firstHop()).isEqualTo("r0");
            assertThat(mixers.walkReply(SPHINX, surb.firstHop(), SPHINX.createReplyPacket(surb, new byte[1]))
                            .path())
                    .containsExactly("r0", "r1");
        }
        packed.secrets().forEach(SurbSecret::destroy);
        // Over 200 routes each allowed one appears (each has probability 1/2), and no other.
        RequestPacker p = packer(2, 2, DelayDistribution.zero());
        java.util.Set<List<String>> toEcho = new HashSet<>();
        java.util.Set<List<String>> toSurvey = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long now = System.currentTimeMillis();
            toEcho.addAll(pathsOf(p.pack(mixers.snapshot(), now, "echo", data(10), 1)));
            toSurvey.addAll(pathsOf(p.pack(mixers.snapshot(), now, "survey", data(10), 1)));
        }
        assertThat(toEcho).containsExactlyInAnyOrder(List.of("f1", "f2"), List.of("f1", "f3"));
        assertThat(toSurvey).containsExactly(List.of("f1", "f2")); // only f2 exits to survey
    }

    private List<List<String>> pathsOf(RequestPacker.Packed packed) throws Exception {
        packed.secrets().forEach(SurbSecret::destroy);
        return deliver(packed).exits().stream().map(TestMixers.Exit::path).toList();
    }

    @Test
    void aServiceNoMixerAnnouncesIsANoRouteErrorNamingIt() {
        announceAPartialNetwork();
        assertThatThrownBy(() -> packer(2, 1, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "weather", data(10), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("none of the 4 FORWARD mixers")
                .hasMessageContaining("announces exit service 'weather'");
    }

    @Test
    void linksThatFormNoChainLongEnoughAreANoRouteError() {
        announceAPartialNetwork();
        // Reply routes of two: r0 r1 exists; of two the other way round no. Forward: 4 hops to echo exist
        // (f2 f0 f1 f3), 4 hops to survey do not (they would have to end at f2 and visit it twice).
        assertThatThrownBy(() -> packer(4, 1, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "survey", data(10), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("no chain of 4 distinct FORWARD mixers")
                .hasMessageContaining("ending at one of the 1 that announces exit service 'survey'");
        mixers.announce("r0", List.of(), List.of());
        assertThatThrownBy(() -> packer(2, 2, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(10), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("no chain of 2 distinct RESPONSE mixers");
        assertThat(packer(4, 1, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(10), 1)
                        .packets())
                .hasSize(1);
    }

    @Test
    void mixersThatAnnounceNoLinksAtAllAreRoutedAsBeforeLinksExisted() throws Exception {
        // f0 and f1 run an old version (descriptor v1): links unknown, taken as "to every mixer, any
        // service". f2 and f3 announce theirs: f2 -> f0 only and no exit, f3 -> nothing, exit echo.
        mixers.announce("f2", List.of("f0"), List.of());
        mixers.announce("f3", List.of(), List.of("echo"));
        RequestPacker p = packer(2, 1, DelayDistribution.zero());
        java.util.Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.addAll(pathsOf(p.pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(10), 1)));
        }
        // Allowed: old -> anyone that exits (f0, f1 unknown; f3 yes): f0f1 f0f3 f1f0 f1f3, and f2 -> f0.
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        List.of("f0", "f1"),
                        List.of("f0", "f3"),
                        List.of("f1", "f0"),
                        List.of("f1", "f3"),
                        List.of("f2", "f0"));
    }

    @Test
    void tooFewMixersOfARoleIsANoRouteError() {
        assertThatThrownBy(() -> packer(5, 1, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(1), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("needs 5 distinct FORWARD mixers")
                .hasMessageContaining("lists 4");
        assertThatThrownBy(() -> packer(2, 3, DelayDistribution.zero())
                        .pack(mixers.snapshot(), System.currentTimeMillis(), "echo", data(1), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("RESPONSE");
    }

    @Test
    void keysOfAnotherEpochAreNotUsed() {
        // The fixture's mixers list keys of this epoch and the next: at the next epoch's start every packet
        // uses next-epoch keys only; two epochs on, no key is valid.
        long nextEpochStart = mixers.schedule().startMillis(mixers.epoch() + 1);
        RequestPacker.Packed next =
                packer(2, 1, DelayDistribution.zero()).pack(mixers.snapshot(), nextEpochStart, "echo", data(1), 1);
        assertThat(next.epoch()).isEqualTo(mixers.epoch() + 1);
        assertThat(ENVELOPES.decode(next.packets().get(0).envelope()).getEpoch())
                .isEqualTo(mixers.epoch() + 1);
        assertThat(next.secrets().get(0).epoch()).isEqualTo(mixers.epoch() + 1);
        long later = mixers.schedule().startMillis(mixers.epoch() + 2);
        assertThatThrownBy(
                        () -> packer(2, 1, DelayDistribution.zero()).pack(mixers.snapshot(), later, "echo", data(1), 1))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("epoch " + (mixers.epoch() + 2));
    }

    @Test
    void hopCountsAreValidated() {
        assertThatThrownBy(() -> packer(0, 1, DelayDistribution.zero()))
                .hasMessageContaining("forward hops must be 1..5");
        assertThatThrownBy(() -> packer(2, 6, DelayDistribution.zero()))
                .hasMessageContaining("reply hops must be 1..5");
        assertThat(EpochSchedule.defaults()).isEqualTo(mixers.schedule());
    }
}
