package io.kafkamixnet.deploy;

import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.keys.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The secrets of a deployment, made where they are used and never anywhere else: one directory per
 * user under a root, each holding its Kafka password ({@value #PASSWORD_FILE}, 32 random letters and
 * digits, owner-only) and, for a mixer's user, the mixer's key directory ({@value #KEYS_DIR}: identity,
 * pool store key and the current and next epoch keys, as {@code mixnet keygen} writes them); and
 * {@value #PUBLIC_DIR}/{@value #TRUSTED_IDENTITIES}, the mixers' identity public keys that services and
 * clients trust. Existing passwords and keys are kept: running it again changes nothing.
 *
 * <p>The admin user's password is group-readable (0640 in a 0750 directory): in compose the broker,
 * which runs as another user, reads it through the group of the mixnet image's user.
 */
public final class Credentials {

    public static final String PASSWORD_FILE = "kafka.password";
    public static final String KEYS_DIR = "keys";
    public static final String PUBLIC_DIR = "public";
    public static final String TRUSTED_IDENTITIES = "trusted-identities.txt";

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int PASSWORD_LENGTH = 32;

    private final DeploymentPlan plan;
    private final SecureRandom random;

    public Credentials(DeploymentPlan plan, SecureRandom random) {
        this.plan = plan;
        this.random = random;
        for (Principal p : plan.principals()) {
            if (p.name().equals(PUBLIC_DIR)) {
                throw new IllegalArgumentException(
                        "a user may not be named '" + PUBLIC_DIR + "': that directory holds the public keys");
            }
        }
    }

    /** What {@link #write} did. */
    public record Written(List<String> newPasswords, Map<String, String> identities) {}

    /**
     * Makes the missing secrets under {@code root} (created if missing).
     *
     * @param passwords whether to make Kafka passwords (compose); Strimzi makes its own
     * @param owner the uid and gid to give everything below {@code root} (compose's credentials step runs
     *     as root for fresh volumes), or empty to leave ownership alone
     * @return the users that got a new password and each mixer's identity public key (hex) by mixer id
     * @throws IOException if a file cannot be read or written, or an existing key is not owner-only
     */
    public Written write(Path root, boolean passwords, Optional<int[]> owner) throws IOException {
        Files.createDirectories(root);
        List<String> newPasswords = new ArrayList<>();
        if (passwords) {
            if (writePassword(root.resolve(plan.adminPrincipal()), true)) {
                newPasswords.add(plan.adminPrincipal());
            }
            for (Principal p : plan.principals()) {
                if (writePassword(root.resolve(p.name()), false)) {
                    newPasswords.add(p.name());
                }
            }
        }
        Map<String, String> identities = new LinkedHashMap<>();
        long epoch = plan.mixers().get(0).config().epochSchedule().epochAt(System.currentTimeMillis());
        for (MixerUnit m : plan.mixers()) {
            Path userDir = root.resolve(m.principal());
            ownerOnlyDirectory(userDir);
            MixerKeys.Provisioned keys = MixerKeys.provision(userDir.resolve(KEYS_DIR), epoch, 2, random);
            identities.put(m.id(), keys.identityPublicKeyHex());
        }
        Path publicDir = root.resolve(PUBLIC_DIR);
        Files.createDirectories(publicDir);
        StringBuilder trusted =
                new StringBuilder("# Identity public keys of the network's mixers: trust these and no other.\n");
        identities.forEach((id, hex) ->
                trusted.append("# mixer ").append(id).append('\n').append(hex).append('\n'));
        Files.writeString(publicDir.resolve(TRUSTED_IDENTITIES), trusted.toString(), StandardCharsets.UTF_8);
        setPermissions(publicDir, "rwxr-xr-x");
        setPermissions(publicDir.resolve(TRUSTED_IDENTITIES), "rw-r--r--");
        if (owner.isPresent()) {
            chown(root, owner.get()[0], owner.get()[1]);
        }
        return new Written(newPasswords, identities);
    }

    /** The password of {@code user} under {@code root}. */
    public static String readPassword(Path root, String user) throws IOException {
        Path file = root.resolve(user).resolve(PASSWORD_FILE);
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!password.matches("[A-Za-z0-9]{16,}")) {
            throw new IOException("password file " + file + " must hold at least 16 letters and digits");
        }
        return password;
    }

    private boolean writePassword(Path dir, boolean groupReadable) throws IOException {
        ownerOnlyDirectory(dir);
        Path file = dir.resolve(PASSWORD_FILE);
        boolean made = false;
        if (!Files.exists(file)) {
            char[] chars = new char[PASSWORD_LENGTH];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            byte[] bytes = new String(chars).getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(chars, '\0');
            try {
                OwnerOnlyFiles.write(file, bytes, false);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            made = true;
        }
        if (groupReadable) {
            setPermissions(dir, "rwxr-x---");
            setPermissions(file, "rw-r-----");
        }
        return made;
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        setPermissions(dir, "rwx------");
    }

    private static void setPermissions(Path p, String perms) throws IOException {
        if (OwnerOnlyFiles.isPosix(p)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        }
    }

    /**
     * Gives everything below {@code root} to {@code uid:gid}; not {@code root} itself, which in compose
     * is a directory of the image's read-only filesystem with a volume mounted on each of its entries.
     */
    private static void chown(Path root, int uid, int gid) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                Files.setAttribute(p, "unix:uid", uid);
                Files.setAttribute(p, "unix:gid", gid);
            }
        }
    }
}
