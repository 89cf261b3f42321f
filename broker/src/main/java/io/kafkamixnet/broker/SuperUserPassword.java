package io.kafkamixnet.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Where a secured broker's super user password comes from: the settings, else the data directory of
 * an earlier run (the SCRAM credential formatted into its metadata log must keep matching), else a new
 * random one, written there owner-only.
 */
final class SuperUserPassword {

    static final String FILE_NAME = "super-user.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperUserPassword() {}

    static ScramUser resolve(EmbeddedBrokerSettings settings, Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (settings.superUserPassword().isPresent()) {
                return new ScramUser(
                        settings.superUser(), settings.superUserPassword().get());
            }
            if (Files.exists(file)) {
                return new ScramUser(
                        settings.superUser(),
                        Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            String password = random();
            writeOwnerOnly(file, password);
            return new ScramUser(settings.superUser(), password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the super user password file " + file, e);
        }
    }

    /** 24 random bytes, URL-safe base64: 32 characters, no quotes for a JAAS line. */
    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
