package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.NoRouteException;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Cover traffic: drop packets are real Sphinx packets that the last hop of their path discards. */
class DropPacketTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final Sphinx SPHINX = new Sphinx(TestMixers.geometry());

    private final TestMixers mixers = TestMixers.now(3, 2);
    private final RequestPacker packer = new RequestPacker(
            SPHINX,
            mixers.schedule(),
            3,
            2,
            DelayDistribution.exponential(Duration.ofMillis(50)),
            DelayDistribution.zero(),
            RANDOM);

    /** Peels the packet hop by hop with each mixer's key; returns the mixer ids and the last command. */
    private List<Object> walk(RequestPacker.Outgoing out) {
        PacketEnvelope envelope = ENVELOPES.decode(out.envelope());
        assertThat(envelope.getEpoch()).isEqualTo(mixers.epoch());
        byte[] packet = AvroCodec.copyBytes(envelope.getPacket());
        assertThat(packet).isEqualTo(out.packet()).hasSize(SPHINX.geometry().packetSize());
        List<Object> path = new ArrayList<>();
        TestMixers.Mixer mixer = mixers.byIngress(out.topic());
        while (true) {
            path.add(mixer.id());
            UnwrapResult r = SPHINX.unwrap(mixer.keyFor(mixers.epoch()), packet);
            assertThat(r).isInstanceOf(UnwrapResult.Processed.class);
            UnwrapResult.Processed p = (UnwrapResult.Processed) r;
            if (p.instruction().command() instanceof RoutingCommand.Relay relay) {
                mixers.refuseUnannounced(mixer.id(), relay.mixerId(), null);
                mixer = mixers.mixer(relay.mixerId());
                packet = p.output();
            } else {
                path.add(p.instruction().command());
                return path;
            }
        }
    }

    @Test
    void aForwardDropCrossesDistinctForwardMixersAndIsDroppedAtTheLast() {
        for (int i = 0; i < 20; i++) {
            List<Object> path = walk(packer.packDrop(mixers.snapshot(), System.currentTimeMillis(), MixerRole.FORWARD));
            assertThat(path).hasSize(4);
            assertThat(path.subList(0, 3))
                    .doesNotHaveDuplicates()
                    .allSatisfy(
                            id -> assertThat(mixers.mixer((String) id).role()).isEqualTo(MixerRole.FORWARD));
            assertThat(path.get(3)).isInstanceOf(RoutingCommand.Drop.class);
        }
    }

    @Test
    void dropsFollowAnnouncedLinksAndCanEndAnywhere() {
        // f0 -> f1 -> f2 is the only chain of three; nobody announces an exit (a drop needs none).
        mixers.announce("f0", List.of("f1"), List.of());
        mixers.announce("f1", List.of("f2"), List.of());
        mixers.announce("f2", List.of(), List.of());
        mixers.announce("r0", List.of(), List.of());
        mixers.announce("r1", List.of("r0"), List.of());
        for (int i = 0; i < 20; i++) {
            assertThat(walk(packer.packDrop(mixers.snapshot(), System.currentTimeMillis(), MixerRole.FORWARD))
                            .subList(0, 3))
                    .containsExactly("f0", "f1", "f2");
            assertThat(walk(packer.packDrop(mixers.snapshot(), System.currentTimeMillis(), MixerRole.RESPONSE))
                            .subList(0, 2))
                    .containsExactly("r1", "r0");
        }
        mixers.announce("f1", List.of(), List.of());
        assertThatThrownBy(() -> packer.packDrop(mixers.snapshot(), System.currentTimeMillis(), MixerRole.FORWARD))
                .isInstanceOf(NoRouteException.class)
                .hasMessageContaining("no chain of 3 distinct FORWARD mixers");
    }

    @Test
    void aReplyPathDropCrossesResponseMixersOnly() {
        List<Object> path = walk(packer.packDrop(mixers.snapshot(), System.currentTimeMillis(), MixerRole.RESPONSE));
        assertThat(path).hasSize(3);
        assertThat(path.subList(0, 2))
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(mixers.mixer((String) id).role()).isEqualTo(MixerRole.RESPONSE));
        assertThat(path.get(2)).isInstanceOf(RoutingCommand.Drop.class);
    }

    @Test
    void theLoopSendsAtRoughlyItsRateOnBothPaths() {
        ConcurrentLinkedQueue<MixerRole> sent = new ConcurrentLinkedQueue<>();
        try (CoverTrafficLoop loop = new CoverTrafficLoop(200, RANDOM, sent::add).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sent.size() >= 100);
            assertThat(loop.sent()).isGreaterThanOrEqualTo(100);
        }
        assertThat(sent).contains(MixerRole.FORWARD, MixerRole.RESPONSE);
        long settled = sent.size();
        Awaitility.await()
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> sent.size() == settled);
    }

    @Test
    void aFailingSendDoesNotStopTheLoop() {
        ConcurrentLinkedQueue<MixerRole> attempts = new ConcurrentLinkedQueue<>();
        try (CoverTrafficLoop loop = new CoverTrafficLoop(500, RANDOM, role -> {
                    attempts.add(role);
                    throw new IllegalStateException("no route right now");
                })
                .start()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 5);
            assertThat(loop.sent()).isZero();
        }
    }
}
