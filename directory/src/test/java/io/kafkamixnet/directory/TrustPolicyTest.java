package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustPolicyTest {

    @TempDir
    Path tmp;

    private final MixerIdentity a = MixerIdentity.generate();
    private final MixerIdentity b = MixerIdentity.generate();

    @Test
    void trustListAcceptsListedKeysForAnyMixerId() {
        TrustPolicy policy = TrustPolicy.trusting(List.of(a.publicKey()));
        assertThat(policy.trusts("m1", a.publicKey())).isTrue();
        assertThat(policy.trusts("m2", a.publicKey())).isTrue();
        assertThat(policy.trusts("m1", b.publicKey())).isFalse();
        assertThat(policy.pins()).isEmpty();
    }

    @Test
    void hexFormsAreParsedStrictly() throws Exception {
        TrustPolicy policy =
                TrustPolicy.trustingHex(List.of(" " + a.publicKeyHex().toUpperCase(Locale.ROOT) + "\n"));
        assertThat(policy.trusts("m", a.publicKey())).isTrue();
        assertThatThrownBy(() -> TrustPolicy.parseIdentityKey("abc"))
                .hasMessage("expected an identity key of 64 hex digits, found 3 characters");
        assertThatThrownBy(() -> TrustPolicy.parseIdentityKey("z".repeat(64))).hasMessageContaining("non-hex");
        assertThatThrownBy(() -> TrustPolicy.trusting(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> TrustPolicy.trusting(List.of(new byte[31])))
                .hasMessageContaining("32 bytes, found 31");

        Path list = tmp.resolve("trusted.txt");
        Files.writeString(
                list, "# mixers of the demo\n" + a.publicKeyHex() + "  # mixer a\n\n" + b.publicKeyHex() + "\n");
        assertThat(TrustPolicy.readKeyList(list)).containsExactly(a.publicKey(), b.publicKey());
        Files.writeString(list, a.publicKeyHex() + "\nnot-a-key\n");
        assertThatThrownBy(() -> TrustPolicy.readKeyList(list)).hasMessageContaining("line 2");
    }

    @Test
    void pinsTheFirstIdentityPerMixerIdInAnOwnerOnlyFileThatSurvivesARestart() throws Exception {
        Path pins = tmp.resolve("state/pins");
        TrustPolicy policy = TrustPolicy.pinning(pins);
        assertThat(policy.trusts("m1", b.publicKey())).isTrue(); // nothing pinned yet, no side effect
        policy.admit(new VerifiedDescriptor(Fixtures.info(a, "m1", 1)));
        policy.admit(new VerifiedDescriptor(Fixtures.info(b, "m2 with space", 1)));
        assertThat(policy.trusts("m1", b.publicKey())).isFalse();
        assertThat(policy.trusts("m1", a.publicKey())).isTrue();
        assertThatThrownBy(() -> policy.admit(new VerifiedDescriptor(Fixtures.info(b, "m1", 2))))
                .isInstanceOf(DescriptorRejectedException.class)
                .hasMessageContaining("pinned identity");

        if (Fixtures.posix(tmp)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pins)))
                    .isEqualTo("rw-------");
        }
        TrustPolicy restarted = TrustPolicy.pinning(pins);
        assertThat(restarted.pins())
                .containsEntry("m1", a.publicKeyHex())
                .containsEntry("m2 with space", b.publicKeyHex());
        assertThat(restarted.trusts("m1", b.publicKey())).isFalse();
        assertThat(restarted.trusts("m2 with space", b.publicKey())).isTrue();
    }

    @Test
    void trustListAndPinningTogether() throws Exception {
        TrustPolicy policy = TrustPolicy.trustingAndPinning(List.of(a.publicKey(), b.publicKey()), tmp.resolve("pins"));
        MixerIdentity stranger = MixerIdentity.generate();
        assertThatThrownBy(() -> policy.admit(new VerifiedDescriptor(Fixtures.info(stranger, "m1", 1))))
                .hasMessageContaining("not on the trust list");
        assertThat(policy.pins()).isEmpty(); // an untrusted identity is never pinned
        policy.admit(new VerifiedDescriptor(Fixtures.info(a, "m1", 1)));
        // b is trusted, but may not take over a's mixer id.
        assertThatThrownBy(() -> policy.admit(new VerifiedDescriptor(Fixtures.info(b, "m1", 2))))
                .hasMessageContaining("pinned identity");
    }

    @Test
    void aCorruptPinFileFailsAtStartWithTheLine() throws Exception {
        Path pins = tmp.resolve("pins");
        Files.writeString(pins, "# comment\n" + a.publicKeyHex() + " m1\n" + "nothex m2\n");
        assertThatThrownBy(() -> TrustPolicy.pinning(pins))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("line 3");
        Files.writeString(pins, a.publicKeyHex() + " m1\n" + b.publicKeyHex() + " m1\n");
        assertThatThrownBy(() -> TrustPolicy.pinning(pins)).hasMessageContaining("pinned twice");
    }
}
