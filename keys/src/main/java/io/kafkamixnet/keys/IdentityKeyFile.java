package io.kafkamixnet.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * A mixer's identity key on disk: {@code <dir>/identity.key} ({@link KeyDirectory}), the directory
 * 0700 and the file 0600, created with those permissions from the start. It holds an
 * {@link IdentityKeyPair}; the directory module's {@code MixerIdentityFiles} reads it as a
 * {@code MixerIdentity}.
 *
 * <p>File format (ASCII, one {@code name=value} per line, '#' lines are comments):
 * <pre>
 *   format=kafka-mixnet-ed25519-identity-v1
 *   private=&lt;base64 of the 32-byte Ed25519 private key (RFC 8032 seed)&gt;
 *   public=&lt;base64 of the 32-byte Ed25519 public key&gt;
 * </pre>
 * {@link #read} checks that the two keys belong together and, on POSIX file systems, refuses a file or
 * directory that group or others can access. An existing identity is never overwritten.
 */
public final class IdentityKeyFile {

    /** The file name inside the identity directory: {@link KeyDirectory#IDENTITY_KEY}. */
    public static final String FILE_NAME = KeyDirectory.IDENTITY_KEY;

    static final String FORMAT = "kafka-mixnet-ed25519-identity-v1";

    private IdentityKeyFile() {}

    /** The identity file inside {@code dir}. */
    public static Path path(Path dir) {
        return KeyDirectory.identityKeyFile(dir);
    }

    /** Whether {@code dir} holds an identity file. */
    public static boolean exists(Path dir) {
        return Files.exists(path(dir));
    }

    /**
     * Writes {@code identity} to {@code dir/identity.key}, creating {@code dir} (0700) if needed.
     *
     * @return the file written
     * @throws FileAlreadyExistsException if an identity is already there
     */
    public static Path write(Path dir, IdentityKeyPair identity) throws IOException {
        OwnerOnlyFiles.createOrRestrictDirectory(dir);
        Path target = path(dir);
        byte[] priv = identity.privateKey();
        byte[] privB64 = Base64.getEncoder().encode(priv);
        Arrays.fill(priv, (byte) 0);
        byte[] head = ("# Kafka Mixnet mixer identity (Ed25519). Secret: keep this file owner-only.\n" + "format="
                        + FORMAT + "\nprivate=")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\npublic=" + Base64.getEncoder().encodeToString(identity.publicKey()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + privB64.length + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(privB64, 0, content, head.length, privB64.length);
        System.arraycopy(tail, 0, content, head.length + privB64.length, tail.length);
        Arrays.fill(privB64, (byte) 0);
        try {
            OwnerOnlyFiles.write(target, content, false);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(
                    target.toString(), null, "a mixer identity already exists; refusing to overwrite it");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        return target;
    }

    /**
     * The identity in {@code dir/identity.key}.
     *
     * @throws NoSuchFileException if there is none
     * @throws IOException if it is malformed, its keys do not match, or (POSIX) it or {@code dir} is
     *                     accessible to group or others
     */
    public static IdentityKeyPair read(Path dir) throws IOException {
        Path file = path(dir);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no mixer identity here");
        }
        OwnerOnlyFiles.checkOwnerOnly(dir, "identity directory");
        OwnerOnlyFiles.checkOwnerOnly(file, "identity file");
        byte[] content = Files.readAllBytes(file);
        String what = "identity file " + file;
        byte[] priv = null;
        byte[] pub = null;
        try (KeyFileText text = KeyFileText.parse(content, what)) {
            priv = text.base64("private");
            pub = text.base64("public");
            text.requireFormat(FORMAT);
            if (priv == null || pub == null) {
                throw new IOException(what + ": expected private and public lines");
            }
            try {
                return IdentityKeyPair.fromRawKeys(priv, pub);
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ": " + e.getMessage());
            }
        } finally {
            Arrays.fill(content, (byte) 0);
            if (priv != null) {
                Arrays.fill(priv, (byte) 0);
            }
        }
    }
}
