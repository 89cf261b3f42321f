package io.kafkamixnet.directory;

import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.MixerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/** Descriptors for tests. */
final class Fixtures {

    static final SecureRandom RANDOM = new SecureRandom();
    static final EpochSchedule SCHEDULE =
            EpochSchedule.of(java.time.Duration.ofMinutes(60), java.time.Duration.ofMinutes(10));

    private Fixtures() {}

    /** A descriptor of {@code id} with keys for epochs {@code epochs}. */
    static MixerInfo info(MixerIdentity identity, String id, MixerRole role, long sequence, long... epochs) {
        List<EpochPublicKey> keys = java.util.Arrays.stream(epochs)
                .mapToObj(
                        e -> EpochPublicKey.of(MixPrivateKey.generate(e, RANDOM).publicKey(), SCHEDULE))
                .toList();
        return MixerInfo.builder()
                .mixerId(id)
                .role(role)
                .ingressTopic("mix-" + id.replaceAll("[^a-zA-Z0-9._-]", "_") + "-in")
                .identity(identity)
                .epochKeys(keys)
                .strategySummary("pool(t=1s,nMin=10,f=0.5)")
                .publishedAtMillis(1_700_000_000_000L)
                .sequence(sequence)
                .build();
    }

    static MixerInfo info(MixerIdentity identity, String id, long sequence) {
        return info(identity, id, MixerRole.FORWARD, sequence, 100, 101);
    }

    static boolean posix(Path p) throws java.io.IOException {
        return Files.getFileStore(p).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class);
    }

    static Set<PosixFilePermission> perms(Path p) throws java.io.IOException {
        return Files.getPosixFilePermissions(p);
    }
}
