package io.kafkamixnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.KeyDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets step: a password per user, each mixer's keys, the trusted identities; kept on a second run. */
class CredentialsTest {

    @Test
    void makesEachUsersSecretsOwnerOnlyAndKeepsThemOnASecondRun(@TempDir Path root) throws Exception {
        DeploymentPlan plan = CommittedExamples.plan();
        Credentials credentials = new Credentials(plan, new SecureRandom());
        Credentials.Written first = credentials.write(root, true, Optional.empty());

        assertThat(first.newPasswords()).hasSize(plan.principals().size() + 1).contains(plan.adminPrincipal());
        for (Principal p : plan.principals()) {
            Path dir = root.resolve(p.name());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dir.resolve(Credentials.PASSWORD_FILE))))
                    .isEqualTo("rw-------");
            assertThat(Credentials.readPassword(root, p.name())).matches("[A-Za-z0-9]{32}");
        }
        // The broker reads the admin password through its group, nobody else can.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        root.resolve(plan.adminPrincipal()).resolve(Credentials.PASSWORD_FILE))))
                .isEqualTo("rw-r-----");
        long distinct = plan.principals().stream()
                .map(p -> {
                    try {
                        return Credentials.readPassword(root, p.name());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .distinct()
                .count();
        assertThat(distinct).isEqualTo(plan.principals().size());

        List<byte[]> trusted =
                TrustPolicy.readKeyList(root.resolve(Credentials.PUBLIC_DIR).resolve(Credentials.TRUSTED_IDENTITIES));
        assertThat(trusted.stream().map(HexFormat.of()::formatHex))
                .containsExactlyElementsOf(first.identities().values());
        for (MixerUnit m : plan.mixers()) {
            Path keys = root.resolve(m.principal()).resolve(Credentials.KEYS_DIR);
            assertThat(keys.resolve(KeyDirectory.IDENTITY_KEY)).isRegularFile();
            assertThat(keys.resolve(KeyDirectory.POOL_STORE_KEY)).isRegularFile();
        }

        String adminPassword = Credentials.readPassword(root, plan.adminPrincipal());
        Credentials.Written second = new Credentials(plan, new SecureRandom()).write(root, true, Optional.empty());
        assertThat(second.newPasswords()).isEmpty();
        assertThat(second.identities()).isEqualTo(first.identities());
        assertThat(Credentials.readPassword(root, plan.adminPrincipal())).isEqualTo(adminPassword);
    }

    @Test
    void withAnOwnerEverythingBelowTheRootIsGivenToIt(@TempDir Path root) throws Exception {
        // Changing an owner needs root (as compose's credentials step runs); elsewhere there is nothing to check.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "changing file owners needs root");
        DeploymentPlan plan = CommittedExamples.plan();
        Object rootOwner = Files.getAttribute(root, "unix:uid");
        new Credentials(plan, new SecureRandom()).write(root, true, Optional.of(new int[] {10001, 10002}));
        try (var all = Files.walk(root)) {
            all.filter(p -> !p.equals(root)).forEach(p -> {
                try {
                    assertThat(Files.getAttribute(p, "unix:uid"))
                            .as("owner of %s", p)
                            .isEqualTo(10001);
                    assertThat(Files.getAttribute(p, "unix:gid"))
                            .as("group of %s", p)
                            .isEqualTo(10002);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(Files.getAttribute(root, "unix:uid")).isEqualTo(rootOwner);
    }

    @Test
    void withoutPasswordsOnlyKeysAndIdentitiesAreMade(@TempDir Path root) throws Exception {
        DeploymentPlan plan = CommittedExamples.plan();
        Credentials.Written done = new Credentials(plan, new SecureRandom()).write(root, false, Optional.empty());
        assertThat(done.newPasswords()).isEmpty();
        assertThat(done.identities())
                .containsOnlyKeys(plan.mixers().stream().map(MixerUnit::id).toArray(String[]::new));
        assertThat(root.resolve(plan.adminPrincipal())).doesNotExist();
    }
}
