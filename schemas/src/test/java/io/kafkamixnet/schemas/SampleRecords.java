package io.kafkamixnet.schemas;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/** One realistic instance of every mixnet record, with bytes from a seeded generator. */
public final class SampleRecords {

    private SampleRecords() {}

    public static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static PacketEnvelope packetEnvelope() {
        return PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(1_723_456L)
                .setPacket(ByteBuffer.wrap(bytes(2048, 1)))
                .build();
    }

    public static ExitMessage exitMessage() {
        return ExitMessage.newBuilder()
                .setEpoch(7L)
                .setPayload(ByteBuffer.wrap(bytes(1500, 2)))
                .setReplyBlock(ByteBuffer.wrap(bytes(700, 3)))
                .build();
    }

    public static ExitMessage exitMessageWithoutReply() {
        return ExitMessage.newBuilder()
                .setEpoch(7L)
                .setPayload(ByteBuffer.wrap(bytes(10, 4)))
                .setReplyBlock(null)
                .build();
    }

    public static InboxMessage inboxMessage() {
        return InboxMessage.newBuilder()
                .setSurbId(new SurbIdBytes(bytes(16, 5)))
                .setPayload(ByteBuffer.wrap(bytes(1800, 6)))
                .build();
    }

    public static MixerDescriptor mixerDescriptor() {
        return MixerDescriptor.newBuilder()
                .setMixerId("mix-a")
                .setRole(MixerRole.FORWARD)
                .setIngressTopic("mixnet.mix-a.ingress")
                .setIdentityKey(ByteBuffer.wrap(bytes(32, 7)))
                .setEpochKeys(List.of(
                        new EpochKey(41L, ByteBuffer.wrap(bytes(32, 8)), 1_000L, 2_000L, 2_500L),
                        new EpochKey(42L, ByteBuffer.wrap(bytes(32, 9)), 2_000L, 3_000L, 3_500L)))
                .setStrategySummary("pool(t=1s,nMin=10,f=0.5)")
                .setPublishedAtMillis(1_700_000_000_000L)
                .setSequence(3L)
                .setNextHops(List.of("mix-b", "mix-c"))
                .setExitServices(List.of("echo"))
                .build();
    }

    /** A descriptor as a version 1 writer wrote it: links not announced (both new fields null). */
    public static MixerDescriptor mixerDescriptorWithoutLinks() {
        return MixerDescriptor.newBuilder(mixerDescriptor())
                .setNextHops(null)
                .setExitServices(null)
                .build();
    }

    public static SignedDescriptor signedDescriptor() {
        return SignedDescriptor.newBuilder()
                .setDescriptor(ByteBuffer.wrap(bytes(300, 10)))
                .setSignature(ByteBuffer.wrap(bytes(64, 11)))
                .setIdentityKey(ByteBuffer.wrap(bytes(32, 12)))
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReason("BAD_MAC")
                .setMixerId("mix-b")
                .setEpoch(42L)
                .setRejectedAtMillis(1_700_000_000_123L)
                .setSourceTopic("mixnet.mix-b.ingress")
                .setSourcePartition(3)
                .setSourceOffset(987_654_321L)
                .build();
    }

    /** Every sample, each a different record type or union branch. */
    public static List<SpecificRecord> all() {
        return List.of(
                packetEnvelope(),
                exitMessage(),
                exitMessageWithoutReply(),
                inboxMessage(),
                mixerDescriptor(),
                mixerDescriptorWithoutLinks(),
                signedDescriptor(),
                deadLetter(),
                DeadLetter.newBuilder(deadLetter()).setEpoch(null).build());
    }
}
