package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.MixerRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixerInfoTest {

    private final MixerIdentity identity = MixerIdentity.generate();

    @Test
    void keysByEpochAndByTime() {
        MixerInfo info = Fixtures.info(identity, "m", MixerRole.FORWARD, 1, 5, 6, 7);
        EpochSchedule s = Fixtures.SCHEDULE;
        assertThat(info.keyFor(6)).isPresent();
        assertThat(info.keyFor(6).orElseThrow().epoch()).isEqualTo(6);
        assertThat(info.keyFor(8)).isEmpty();
        assertThat(info.keyValidAt(s.startMillis(6)).orElseThrow().epoch()).isEqualTo(6);
        assertThat(info.keyValidAt(s.endMillis(6) - 1).orElseThrow().epoch()).isEqualTo(6);
        assertThat(info.keyValidAt(s.endMillis(7))).isEmpty();
        EpochPublicKey k5 = info.epochKey(5).orElseThrow();
        assertThat(k5.acceptedAt(s.endMillis(5) + 1)).isTrue();
        assertThat(k5.validAt(s.endMillis(5) + 1)).isFalse();
        assertThat(k5.acceptedAt(s.graceUntilMillis(5))).isFalse();
    }

    @Test
    void validationStatesWhatWasExpected() {
        MixerInfo original = Fixtures.info(identity, "m", 1);
        assertThat(original.toBuilder().build()).isEqualTo(original).hasSameHashCodeAs(original);
        MixerInfo.Builder ok = original.toBuilder();
        assertThatThrownBy(() -> ok.mixerId("").build()).hasMessageContaining("1..58 UTF-8 bytes, found 0");
        assertThatThrownBy(() -> ok.mixerId("x".repeat(59)).build()).hasMessageContaining("found 59");
        assertThatThrownBy(() -> ok.mixerId("a\nb").build()).hasMessageContaining("control characters");
        ok.mixerId("m");
        assertThatThrownBy(() -> ok.ingressTopic("bad topic").build()).hasMessageContaining("legal Kafka topic name");
        ok.ingressTopic("mix-in");
        assertThatThrownBy(() -> ok.identityKey(new byte[31]).build()).hasMessageContaining("32 bytes, found 31 bytes");
        ok.identity(identity);
        assertThatThrownBy(() -> ok.epochKeys(List.of()).build()).hasMessageContaining("1..8 epoch keys, found 0");
        EpochPublicKey k1 =
                EpochPublicKey.of(MixPrivateKey.generate(1, Fixtures.RANDOM).publicKey(), Fixtures.SCHEDULE);
        EpochPublicKey k2 =
                EpochPublicKey.of(MixPrivateKey.generate(2, Fixtures.RANDOM).publicKey(), Fixtures.SCHEDULE);
        assertThatThrownBy(() -> ok.epochKeys(List.of(k2, k1)).build()).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> ok.epochKeys(List.of(k1, k1)).build()).hasMessageContaining("strictly ascending");
        ok.epochKeys(List.of(k1, k2));
        assertThatThrownBy(() -> ok.strategySummary("\u001b[31mred").build())
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> ok.strategySummary("s".repeat(257)).build()).hasMessageContaining("at most 256");
        ok.strategySummary("timed(t=1s)");
        assertThatThrownBy(() -> ok.sequence(-1).build()).hasMessageContaining("sequence must be >= 0");
        ok.sequence(0);
        assertThatThrownBy(() -> ok.publishedAtMillis(-5).build()).hasMessageContaining("publishedAtMillis");
        ok.publishedAtMillis(0);
        assertThat(ok.build().sequence()).isZero();
        assertThatThrownBy(() -> new EpochPublicKey(k1.key(), 10, 10, 10))
                .hasMessageContaining("validUntilMillis must be after");
        assertThatThrownBy(() -> new EpochPublicKey(k1.key(), 10, 20, 19))
                .hasMessageContaining("graceUntilMillis must be at least");
    }

    @Test
    void isImmutable() {
        MixerInfo info = Fixtures.info(identity, "m", 1);
        info.identityKey()[0] ^= 1;
        assertThat(info.identityKey()).isEqualTo(identity.publicKey());
        assertThatThrownBy(() -> info.epochKeys().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(info.toString()).contains("m", "FORWARD", "sequence=1").doesNotContain(info.identityKeyHex());
    }

    @Test
    void sequencesIncreaseAndFollowTheClock() {
        DescriptorSequence seq = new DescriptorSequence();
        long a = seq.next(1_000);
        long b = seq.next(1_000);
        long c = seq.next(999); // clock stepped back: still higher
        assertThat(a).isEqualTo(1_000_000);
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        seq.atLeast(5_000_000_000L);
        assertThat(seq.next(2_000)).isEqualTo(5_000_000_001L);
        assertThat(new DescriptorSequence().next(2_000)).isGreaterThan(c); // a restart later continues upward
    }

    @Test
    void snapshotsRefuseDuplicateIds() {
        MixerInfo m = Fixtures.info(identity, "m", 1);
        assertThatThrownBy(() -> DirectorySnapshot.of(List.of(m, m))).hasMessageContaining("m twice");
        assertThat(DirectorySnapshot.of(List.of(m)).mixer("m")).contains(m);
        assertThat(DirectorySnapshot.empty().all()).isEmpty();
    }
}
