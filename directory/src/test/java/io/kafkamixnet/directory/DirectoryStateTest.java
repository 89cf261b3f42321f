package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.schemas.MixerRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's accept/reject rule, record by record, without a broker. */
class DirectoryStateTest {

    @TempDir
    Path tmp;

    private final MixerIdentity a = MixerIdentity.generate();
    private final MixerIdentity b = MixerIdentity.generate();
    private final MixerIdentity stranger = MixerIdentity.generate();
    private final DirectoryState state =
            new DirectoryState(TrustPolicy.trusting(List.of(a.publicKey(), b.publicKey())));

    @Test
    void acceptsTrustedDescriptorsAndIgnoresAnUntrustedSigner() throws Exception {
        offer(a, Fixtures.info(a, "mixer-a", 1));
        offer(b, Fixtures.info(b, "mixer-b", MixerRole.RESPONSE, 1, 100));
        assertThat(rejectionOf(stranger, Fixtures.info(stranger, "mixer-c", 1))).isEqualTo(Rejection.UNTRUSTED);
        // A stranger cannot replace a trusted mixer either.
        assertThat(rejectionOf(stranger, Fixtures.info(stranger, "mixer-a", 99)))
                .isEqualTo(Rejection.UNTRUSTED);

        DirectorySnapshot snapshot = state.snapshot();
        assertThat(snapshot.all()).extracting(MixerInfo::mixerId).containsExactly("mixer-a", "mixer-b");
        assertThat(snapshot.mixers(MixerRole.FORWARD))
                .extracting(MixerInfo::mixerId)
                .containsExactly("mixer-a");
        assertThat(snapshot.mixers(MixerRole.RESPONSE))
                .extracting(MixerInfo::mixerId)
                .containsExactly("mixer-b");
        assertThat(snapshot.mixer("mixer-a").orElseThrow().sequence()).isEqualTo(1);
        assertThat(snapshot.mixersWithKey(MixerRole.FORWARD, 101)).hasSize(1);
        assertThat(snapshot.mixersWithKey(MixerRole.RESPONSE, 101)).isEmpty();
        assertThat(state.rejectedCounts()).containsEntry("UNTRUSTED", 2L).containsEntry("BAD_SIGNATURE", 0L);
        assertThat(state.acceptedCount()).isEqualTo(2);
    }

    @Test
    void onlyAHigherSequenceReplacesADescriptor() throws Exception {
        MixerInfo first = Fixtures.info(a, "mixer-a", MixerRole.FORWARD, 10, 100, 101);
        MixerInfo rotated = Fixtures.info(a, "mixer-a", MixerRole.FORWARD, 11, 100, 101, 102);
        offer(a, first);
        offer(a, rotated);
        assertThat(rejectionOf(a, first)).isEqualTo(Rejection.STALE_SEQUENCE); // replay of an old one
        assertThat(rejectionOf(a, rotated)).isEqualTo(Rejection.STALE_SEQUENCE); // the same one again
        assertThat(rejectionOf(a, Fixtures.info(a, "mixer-a", 5))).isEqualTo(Rejection.STALE_SEQUENCE);
        assertThat(state.snapshot().mixer("mixer-a").orElseThrow()).isEqualTo(rotated);
        assertThat(state.rejectedCounts()).containsEntry("STALE_SEQUENCE", 3L);
    }

    @Test
    void garbageForgeriesAndTombstonesAreCountedAndChangeNothing() throws Exception {
        MixerInfo good = Fixtures.info(a, "mixer-a", 1);
        offer(a, good);
        byte[] value = DescriptorCodec.signAndEncode(a, Fixtures.info(a, "mixer-a", 2));
        byte[] forged = value.clone();
        forged[40] ^= 1; // inside the signed descriptor bytes
        assertThat(rejectionOfRaw("mixer-a", forged)).isEqualTo(Rejection.BAD_SIGNATURE);
        assertThat(rejectionOfRaw("mixer-a", null)).isEqualTo(Rejection.UNSIGNED);
        assertThat(rejectionOfRaw("mixer-a", new byte[0])).isEqualTo(Rejection.MALFORMED);
        assertThat(rejectionOfRaw(null, "not avro".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Rejection.MALFORMED);
        // A valid record under another record key would let compaction erase the other mixer's descriptor.
        assertThat(rejectionOfRaw("mixer-b", value)).isEqualTo(Rejection.MALFORMED);
        assertThat(rejectionOfRaw(null, value)).isEqualTo(Rejection.MALFORMED);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            assertThat(rejectionOfRaw("mixer-a", junk)).isIn(Rejection.MALFORMED, Rejection.UNSIGNED);
        }
        assertThat(state.snapshot().all()).containsExactly(good);
        assertThat(state.rejected(Rejection.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(state.rejected(Rejection.UNSIGNED) + state.rejected(Rejection.MALFORMED))
                .isEqualTo(505);
    }

    @Test
    void pinningRejectsASecondIdentityForAPinnedMixerIdEvenAfterARestart() throws Exception {
        Path pins = tmp.resolve("client/pins.txt");
        DirectoryState pinning = new DirectoryState(TrustPolicy.pinning(pins));
        pinning.offer(bytes("mixer-a"), DescriptorCodec.signAndEncode(a, Fixtures.info(a, "mixer-a", 1)));
        pinning.offer(bytes("mixer-b"), DescriptorCodec.signAndEncode(b, Fixtures.info(b, "mixer-b", 1)));
        DescriptorRejectedException e = catchThrowableOfType(
                () -> pinning.offer(
                        bytes("mixer-a"),
                        DescriptorCodec.signAndEncode(stranger, Fixtures.info(stranger, "mixer-a", 2))),
                DescriptorRejectedException.class);
        assertThat(e.reason()).isEqualTo(Rejection.UNTRUSTED);
        assertThat(e.getMessage())
                .contains("expected the pinned identity " + a.publicKeyHex())
                .contains(stranger.publicKeyHex());

        // A new process with the same pin file: the pin holds from the first record on.
        DirectoryState restarted = new DirectoryState(TrustPolicy.pinning(pins));
        DescriptorRejectedException e2 = catchThrowableOfType(
                () -> restarted.offer(
                        bytes("mixer-a"),
                        DescriptorCodec.signAndEncode(stranger, Fixtures.info(stranger, "mixer-a", 3))),
                DescriptorRejectedException.class);
        assertThat(e2.reason()).isEqualTo(Rejection.UNTRUSTED);
        restarted.offer(bytes("mixer-a"), DescriptorCodec.signAndEncode(a, Fixtures.info(a, "mixer-a", 4)));
        assertThat(restarted.snapshot().mixer("mixer-a").orElseThrow().identityKey())
                .isEqualTo(a.publicKey());
    }

    private void offer(MixerIdentity signer, MixerInfo info) throws DescriptorRejectedException {
        state.offer(bytes(info.mixerId()), DescriptorCodec.signAndEncode(signer, info));
    }

    private Rejection rejectionOf(MixerIdentity signer, MixerInfo info) {
        return rejectionOfRaw(info.mixerId(), DescriptorCodec.signAndEncode(signer, info));
    }

    private Rejection rejectionOfRaw(String key, byte[] value) {
        DescriptorRejectedException e = catchThrowableOfType(
                () -> state.offer(key == null ? null : bytes(key), value), DescriptorRejectedException.class);
        assertThat(e).as("expected a rejection").isNotNull();
        return e.reason();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
