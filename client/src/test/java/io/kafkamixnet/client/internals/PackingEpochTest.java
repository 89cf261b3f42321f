package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Near the end of an epoch, a request is built with the next epoch's keys when the current ones would
 * stop being accepted (end of grace) before the request could complete.
 */
class PackingEpochTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final Sphinx SPHINX = new Sphinx(TestMixers.geometry());

    private final TestMixers mixers = TestMixers.now(2, 1); // default schedule: 1 h epochs, 10 min grace
    private final EpochSchedule schedule = mixers.schedule();
    private final long epoch = mixers.epoch();

    private RequestPacker packer(Duration minKeyLifetime) {
        return new RequestPacker(
                SPHINX, schedule, 2, 1, DelayDistribution.zero(), DelayDistribution.zero(), RANDOM, minKeyLifetime);
    }

    @Test
    void theCurrentEpochWhileItsKeysLiveLongEnough() {
        RequestPacker packer = packer(Duration.ofMinutes(11));
        long end = schedule.endMillis(epoch);
        assertThat(packer.packingEpoch(schedule.startMillis(epoch))).isEqualTo(epoch);
        // grace 10 min + 60 s left >= 11 min
        assertThat(packer.packingEpoch(end - 60_000)).isEqualTo(epoch);
        // grace 10 min + 59 s left < 11 min
        assertThat(packer.packingEpoch(end - 59_000)).isEqualTo(epoch + 1);
    }

    @Test
    void theDefaultNeverSwitchesWithAGraceOfMinutes() {
        RequestPacker packer = packer(RequestPacker.DEFAULT_MIN_KEY_LIFETIME);
        assertThat(packer.packingEpoch(schedule.endMillis(epoch) - 1)).isEqualTo(epoch);
    }

    @Test
    void aPacketBuiltNearTheEndUsesTheNextEpochsAnnouncedKeys() {
        long now = schedule.endMillis(epoch) - 30_000;
        RequestPacker.Outgoing out = packer(Duration.ofMinutes(11)).packDrop(mixers.snapshot(), now, MixerRole.FORWARD);
        PacketEnvelope envelope = ENVELOPES.decode(out.envelope());
        assertThat(envelope.getEpoch()).isEqualTo(epoch + 1);
        TestMixers.Mixer first = mixers.byIngress(out.topic());
        assertThat(SPHINX.unwrap(first.keyFor(epoch + 1), out.packet())).isInstanceOf(UnwrapResult.Processed.class);
        assertThat(SPHINX.unwrap(first.keyFor(epoch), out.packet())).isInstanceOf(UnwrapResult.Rejected.class);
    }
}
