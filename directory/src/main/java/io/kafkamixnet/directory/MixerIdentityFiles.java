package io.kafkamixnet.directory;

import io.kafkamixnet.keys.IdentityKeyFile;
import io.kafkamixnet.keys.IdentityKeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A mixer's identity key on disk as a {@link MixerIdentity}: {@code <dir>/identity.key}, the directory
 * 0700 and the file 0600. The file, its format and its permission checks belong to the keys module's
 * {@link IdentityKeyFile}; this class turns what it holds into the identity that signs descriptors.
 * An existing identity is never overwritten.
 */
public final class MixerIdentityFiles {

    /** The file name inside the identity directory: {@link IdentityKeyFile#FILE_NAME}. */
    public static final String FILE_NAME = IdentityKeyFile.FILE_NAME;

    private MixerIdentityFiles() {}

    /** The identity file inside {@code dir}. */
    public static Path path(Path dir) {
        return IdentityKeyFile.path(dir);
    }

    /**
     * Writes {@code identity} to {@code dir/identity.key}, creating {@code dir} (0700) if needed.
     *
     * @return the file written
     * @throws FileAlreadyExistsException if an identity is already there
     */
    public static Path write(Path dir, MixerIdentity identity) throws IOException {
        byte[] priv = identity.rawPrivateKey();
        IdentityKeyPair pair;
        try {
            pair = IdentityKeyPair.fromRawKeys(priv, identity.publicKey());
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
        try {
            return IdentityKeyFile.write(dir, pair);
        } finally {
            pair.destroy();
        }
    }

    /**
     * The identity in {@code dir/identity.key}.
     *
     * @throws NoSuchFileException if there is none
     * @throws IOException if it is malformed, its keys do not match, or (POSIX) it or {@code dir} is
     *                     accessible to group or others
     */
    public static MixerIdentity read(Path dir) throws IOException {
        IdentityKeyPair pair = IdentityKeyFile.read(dir);
        byte[] priv = pair.privateKey();
        try {
            return MixerIdentity.fromRawKeys(priv, pair.publicKey());
        } catch (IllegalArgumentException e) {
            throw new IOException("identity file " + path(dir) + ": " + e.getMessage());
        } finally {
            Arrays.fill(priv, (byte) 0);
            pair.destroy();
        }
    }

    /**
     * The identity in {@code dir}, or a new one written there if there is none. Safe against a
     * concurrent first start: whoever writes first wins and both return that identity.
     */
    public static MixerIdentity readOrGenerate(Path dir) throws IOException {
        if (!IdentityKeyFile.exists(dir)) {
            try {
                write(dir, MixerIdentity.generate());
            } catch (FileAlreadyExistsException e) {
                // Another process was faster: use its identity.
            }
        }
        return read(dir);
    }
}
