package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.MixFixture.forwardConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rejection reason: counted, dead-lettered with coordinates and no packet bytes, never a stall. */
class RejectionTest {

    private static final MixingStrategy TIMED = new MixingStrategy.Timed(Duration.ofSeconds(1));

    private static void assertDeadLetter(MixFixture f, RejectionReason reason, Long epoch, long offset) {
        DeadLetter d = f.dead.readValue();
        assertThat(d.getReason()).isEqualTo(reason.name());
        assertThat(d.getMixerId()).isEqualTo(MixFixture.MIXER);
        assertThat(d.getEpoch()).isEqualTo(epoch);
        assertThat(d.getSourceTopic()).isEqualTo(MixFixture.INGRESS);
        assertThat(d.getSourcePartition()).isZero();
        assertThat(d.getSourceOffset()).isEqualTo(offset);
        assertThat(d.getRejectedAtMillis()).isEqualTo(f.now());
        assertThat(f.metrics.rejectionCount(reason)).isPositive();
    }

    @Test
    void everyKindOfBadInputIsCountedDeadLetteredAndDoesNotStopTheMixer(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(TIMED).build())) {
            long offset = 0;
            long e = MixFixture.EPOCH;

            f.ingress.pipeInput(null, "definitely not an envelope".getBytes());
            assertDeadLetter(f, RejectionReason.UNDECODABLE_RECORD, null, offset++);
            f.ingress.pipeInput(null, (byte[]) null);
            assertDeadLetter(f, RejectionReason.UNDECODABLE_RECORD, null, offset++);
            f.ingress.pipeInput(null, new byte[64 * 1024]);
            assertDeadLetter(f, RejectionReason.WRONG_SIZE, null, offset++);

            f.ingress.pipeInput(
                    null,
                    f.envelopes.encode(PacketEnvelope.newBuilder()
                            .setFormatVersion(2)
                            .setEpoch(e)
                            .setPacket(ByteBuffer.wrap(f.exitPacket("x".getBytes())))
                            .build()));
            assertDeadLetter(f, RejectionReason.UNSUPPORTED_FORMAT_VERSION, e, offset++);

            f.ingress.pipeInput(null, f.envelope(new byte[100]));
            assertDeadLetter(f, RejectionReason.WRONG_SIZE, e, offset++);

            f.ingress.pipeInput(null, f.envelope(e + 5, f.exitPacket("x".getBytes())));
            assertDeadLetter(f, RejectionReason.UNKNOWN_EPOCH, e + 5, offset++);
            // The previous epoch's key is held, but 10:30 is past its 10-minute grace.
            byte[] old = f.sphinx.createForwardPacket(
                    List.of(new Hop(f.previousKey.publicKey(), HopInstruction.exit(MixFixture.SERVICE, 0))),
                    "x".getBytes());
            f.ingress.pipeInput(null, f.envelope(e - 1, old));
            assertDeadLetter(f, RejectionReason.UNKNOWN_EPOCH, e - 1, offset++);

            byte[] badMac = f.exitPacket("x".getBytes());
            badMac[100] ^= 1;
            f.send(badMac);
            assertDeadLetter(f, RejectionReason.BAD_MAC, e, offset++);
            // A packet built for another mixer's key fails its MAC here too.
            f.send(f.sphinx.createForwardPacket(
                    List.of(new Hop(f.nextKey.publicKey(), HopInstruction.exit("survey", 0))), "x".getBytes()));
            assertDeadLetter(f, RejectionReason.BAD_MAC, e, offset++);

            byte[] tagged = f.exitPacket("x".getBytes());
            tagged[1500] ^= 1;
            f.send(tagged);
            assertDeadLetter(f, RejectionReason.BAD_PAYLOAD, e, offset++);

            f.send(f.exitPacket("payroll", "x".getBytes(), 0));
            assertDeadLetter(f, RejectionReason.UNKNOWN_SERVICE, e, offset++);

            f.send(f.sphinx.createForwardPacket(
                    List.of(
                            new Hop(f.key.publicKey(), HopInstruction.relay("mix-z", 0)),
                            new Hop(f.nextKey.publicKey(), HopInstruction.exit("survey", 0))),
                    "x".getBytes()));
            assertDeadLetter(f, RejectionReason.UNKNOWN_NEXT_HOP, e, offset++);

            var surb = f.sphinx.createSurb(
                    MixFixture.MIXER,
                    List.of(new Hop(f.key.publicKey(), HopInstruction.deliverReply(SurbId.random(f.random), 0))));
            f.send(f.sphinx.createReplyPacket(surb.surb(), "reply".getBytes()));
            assertDeadLetter(f, RejectionReason.COMMAND_NOT_ALLOWED, e, offset++);

            byte[] once = f.envelope(f.exitPacket("once".getBytes()));
            f.ingress.pipeInput(null, once);
            offset++;
            f.ingress.pipeInput("other key".getBytes(), once);
            assertDeadLetter(f, RejectionReason.REPLAY, e, offset++);

            assertThat(f.dead.isEmpty()).isTrue();
            f.advanceMillis(1000);
            assertThat(f.exits.readRecordsToList())
                    .extracting(r -> MixFixture.payload(r.value()))
                    .containsExactly("once");
            assertThat(f.metrics.acceptedCount()).isEqualTo(1);
            assertThat(f.metrics.rejections().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(offset - 1);
        }
    }

    @Test
    void thePreviousEpochIsAcceptedWithinItsGrace(@TempDir Path dir) {
        var config = forwardConfig(TIMED)
                .epochSchedule(EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(40)))
                .build();
        try (MixFixture f = new MixFixture(dir).start(config)) {
            byte[] old = f.sphinx.createForwardPacket(
                    List.of(new Hop(f.previousKey.publicKey(), HopInstruction.exit(MixFixture.SERVICE, 0))),
                    "old".getBytes());
            f.ingress.pipeInput(null, f.envelope(MixFixture.EPOCH - 1, old));
            f.advanceMillis(1000);
            var out = f.exits.readRecordsToList();
            assertThat(out).extracting(r -> MixFixture.payload(r.value())).containsExactly("old");
            assertThat(out.get(0).value().getEpoch()).isEqualTo(MixFixture.EPOCH - 1);
        }
    }

    @Test
    void theNextEpochIsAcceptedAheadOfItsStartAndForwardedUnchanged(@TempDir Path dir) {
        // A client whose clock runs fast, or that built the packet just before the boundary, uses the
        // key the descriptor announced ahead.
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(TIMED).build())) {
            byte[] early = f.sphinx.createForwardPacket(
                    List.of(new Hop(f.upcomingKey.publicKey(), HopInstruction.exit(MixFixture.SERVICE, 0))),
                    "early".getBytes());
            f.ingress.pipeInput(null, f.envelope(MixFixture.EPOCH + 1, early));
            // The current epoch's key does not open it: keys are per epoch.
            f.ingress.pipeInput(null, f.envelope(MixFixture.EPOCH, early));
            assertDeadLetter(f, RejectionReason.BAD_MAC, MixFixture.EPOCH, 1);
            f.advanceMillis(1000);
            var out = f.exits.readRecordsToList();
            assertThat(out).extracting(r -> MixFixture.payload(r.value())).containsExactly("early");
            assertThat(out.get(0).value().getEpoch()).isEqualTo(MixFixture.EPOCH + 1);
            // Two epochs ahead is not announced yet.
            f.ingress.pipeInput(null, f.envelope(MixFixture.EPOCH + 2, early));
            assertDeadLetter(f, RejectionReason.UNKNOWN_EPOCH, MixFixture.EPOCH + 2, 2);
        }
    }

    @Test
    void aPacketOnAnotherPartitionThanItsBindingIsRefused(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(TIMED).build(), 4)) {
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 24; i++) {
                byte[] p = f.exitPacket(("p" + i).getBytes());
                f.send(p); // the test driver feeds partition 0
                if (PartitionBinding.partitionFor(p, 4) == 0) {
                    accepted++;
                } else {
                    refused++;
                    assertThat(f.dead.readValue().getReason()).isEqualTo(RejectionReason.WRONG_PARTITION.name());
                }
            }
            assertThat(refused).isPositive();
            assertThat(f.metrics.acceptedCount()).isEqualTo(accepted);
            assertThat(f.metrics.rejectionCount(RejectionReason.WRONG_PARTITION))
                    .isEqualTo(refused);
        }
    }

    @Test
    void aResponseMixerDeliversRepliesToTheInboxAndRefusesExits(@TempDir Path dir) throws Exception {
        var config = MixerConfig.builder()
                .mixerId(MixFixture.MIXER)
                .role(MixerRole.RESPONSE)
                .strategy(TIMED)
                .ingressTopic(MixFixture.INGRESS)
                .deadLetterTopic(MixFixture.DEAD)
                .replyInboxTopic(MixFixture.INBOX)
                .keyDirectory(Path.of("unused"))
                .epochSchedule(MixFixture.SCHEDULE)
                .build();
        try (MixFixture f = new MixFixture(dir).start(config)) {
            SurbId id = SurbId.random(f.random);
            var bundle = f.sphinx.createSurb(
                    MixFixture.MIXER, List.of(new Hop(f.key.publicKey(), HopInstruction.deliverReply(id, 0))));
            f.send(f.sphinx.createReplyPacket(bundle.surb(), "the answer".getBytes()));
            f.send(f.exitPacket("x".getBytes()));
            assertThat(f.dead.readValue().getReason()).isEqualTo(RejectionReason.COMMAND_NOT_ALLOWED.name());
            f.advanceMillis(1000);
            var msg = f.inbox.readValue();
            assertThat(msg.getSurbId().bytes()).isEqualTo(id.bytes());
            assertThat(new String(f.sphinx.openReply(bundle.secret(), MixFixture.bytes(msg.getPayload()))))
                    .isEqualTo("the answer");
        }
    }

    @Test
    void dropPacketsAreMixedAndThenDiscarded(@TempDir Path dir) {
        try (MixFixture f = new MixFixture(dir).start(forwardConfig(TIMED).build())) {
            MixPrivateKey k = f.key;
            f.send(f.sphinx.createForwardPacket(List.of(new Hop(k.publicKey(), HopInstruction.drop(0))), new byte[0]));
            f.sendExits("a", 2);
            assertThat(f.metrics.heldCount()).isEqualTo(3);
            f.advanceMillis(1000);
            assertThat(f.exits.readRecordsToList()).hasSize(2);
            assertThat(f.nextHop.isEmpty()).isTrue();
            assertThat(f.metrics.droppedCount()).isEqualTo(1);
            assertThat(f.metrics.batchStats().last()).isEqualTo(3);
        }
    }
}
