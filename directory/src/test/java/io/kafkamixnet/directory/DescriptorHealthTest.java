package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.DescriptorSignatures;
import io.kafkamixnet.schemas.MixerHealth;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.SignedDescriptor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code health} field (MixerDescriptor version 3): round trip, old descriptors, bad values. */
class DescriptorHealthTest {

    private final MixerIdentity identity = MixerIdentity.generate();
    private final MixerInfo base = Fixtures.info(identity, "mixer-h", MixerRole.FORWARD, 42, 9, 10);

    @Test
    void everyHealthValueRoundTripsThroughSignAndVerify() throws Exception {
        for (MixerHealth h : MixerHealth.values()) {
            MixerInfo info = base.toBuilder().health(h).build();
            MixerInfo read = DescriptorCodec.verify(DescriptorCodec.signAndEncode(identity, info))
                    .info();
            assertThat(read).isEqualTo(info);
            assertThat(read.health()).contains(h);
            assertThat(read.heartbeatAlarm()).isEqualTo(h == MixerHealth.HEARTBEAT_ALARM);
        }
        MixerInfo unknown = DescriptorCodec.verify(DescriptorCodec.signAndEncode(identity, base))
                .info();
        assertThat(unknown.health()).isEmpty();
        assertThat(unknown.heartbeatAlarm()).isFalse();
        assertThat(unknown.toString()).contains("health=unknown");
    }

    @Test
    void aDescriptorWrittenBeforeVersion3ReadsWithHealthUnknown() throws Exception {
        MixerInfo alarmed = base.toBuilder().health(MixerHealth.HEARTBEAT_ALARM).build();
        for (int version = 1; version <= 2; version++) {
            // An old writer cannot say anything about health: whatever the info held, the bytes lack it.
            byte[] descriptor = DescriptorVectors.encode(alarmed, version);
            MixerInfo read = DescriptorCodec.verify(signed(descriptor)).info();
            assertThat(read.health()).as("written with v" + version).isEmpty();
            assertThat(read.mixerId()).isEqualTo("mixer-h");
        }
    }

    @Test
    void theCurrentWriterWritesTheHealthAsTheLastField() {
        byte[] alarm = descriptorOf(
                base.toBuilder().health(MixerHealth.HEARTBEAT_ALARM).build());
        byte[] ok = descriptorOf(base.toBuilder().health(MixerHealth.OK).build());
        byte[] unknown = descriptorOf(base);
        // union branch 1 then enum index (zigzag varints), or branch 0 (null).
        assertThat(Arrays.copyOfRange(alarm, alarm.length - 2, alarm.length)).containsExactly(2, 2);
        assertThat(Arrays.copyOfRange(ok, ok.length - 2, ok.length)).containsExactly(2, 0);
        assertThat(unknown[unknown.length - 1]).isEqualTo((byte) 0);
    }

    @Test
    void anUnknownHealthSymbolOrUnionBranchIsMalformedEvenWhenTrustedlySigned() {
        byte[] alarm = descriptorOf(
                base.toBuilder().health(MixerHealth.HEARTBEAT_ALARM).build());
        byte[] badSymbol = alarm.clone();
        badSymbol[badSymbol.length - 1] = 4; // enum index 2: no such symbol
        byte[] badBranch = alarm.clone();
        badBranch[badBranch.length - 2] = 4; // union branch 2: no such branch
        for (byte[] bad : new byte[][] {badSymbol, badBranch}) {
            DescriptorRejectedException e =
                    catchThrowableOfType(() -> DescriptorCodec.verify(signed(bad)), DescriptorRejectedException.class);
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(Rejection.MALFORMED);
        }
    }

    @Test
    void healthIsPartOfEqualityAndToBuilder() {
        MixerInfo alarmed = base.toBuilder().health(MixerHealth.HEARTBEAT_ALARM).build();
        assertThat(alarmed).isNotEqualTo(base);
        assertThat(alarmed.toBuilder().build()).isEqualTo(alarmed);
        assertThat(alarmed.toBuilder().health(Optional.empty()).build()).isEqualTo(base);
        assertThat(alarmed.toString()).contains("health=HEARTBEAT_ALARM");
    }

    private byte[] descriptorOf(MixerInfo info) {
        ByteBuffer b = DescriptorCodec.sign(identity, info).getDescriptor();
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private byte[] signed(byte[] descriptor) {
        return DescriptorCodec.encode(SignedDescriptor.newBuilder()
                .setDescriptor(ByteBuffer.wrap(descriptor))
                .setSignature(ByteBuffer.wrap(identity.sign(DescriptorSignatures.signedMessage(descriptor))))
                .setIdentityKey(ByteBuffer.wrap(identity.publicKey()))
                .build());
    }
}
