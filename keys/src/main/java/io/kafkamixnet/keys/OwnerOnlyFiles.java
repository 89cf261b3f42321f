package io.kafkamixnet.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that only their owner may read: private keys, and other files whose integrity matters
 * (directory pins). The one place where Kafka Mixnet creates, writes and checks such files.
 *
 * <p>Security contract:
 * <ul>
 *   <li><b>Owner-only from the first byte.</b> Files are created 0600 and directories 0700 by passing
 *       the permissions to the create call itself. A file is never created with default permissions
 *       and chmod-ed afterwards, so there is no moment in which another user could open it.</li>
 *   <li><b>Never half a file.</b> {@link #write} writes to a temporary file in the target's directory,
 *       forces it to disk and then puts it in place in one step. A reader sees the old file (or none)
 *       or the whole new one, never part of it, also if the writer crashes.</li>
 *   <li><b>Never overwrite by accident.</b> {@code write(target, content, false)} puts the file in place
 *       with a hard link, which the operating system refuses if the name exists. Of several processes
 *       creating the same file at once (none of them holding a lock) exactly one wins; the others get
 *       {@link FileAlreadyExistsException} and the winner's file stays as it was written.</li>
 *   <li><b>Refuse what others can read.</b> {@link #checkOwnerOnly} refuses a file or directory that
 *       group or others may access, as ssh does with private keys: a key that others could have
 *       copied is not a secret any more, and the operator must notice.</li>
 *   <li><b>Non-POSIX file systems</b> (Windows, some network mounts) have no permission bits: there the
 *       permission steps are skipped and the protection is whatever the directory's ACL grants. The
 *       temporary-file-and-move and no-overwrite behaviour stay (on a file system without hard links
 *       the no-overwrite check is a check followed by a move).</li>
 * </ul>
 *
 * <p>Error messages name the path, say what was expected and what was found. They never contain the
 * content of a file.
 */
public final class OwnerOnlyFiles {

    private static final String DIR_PERMS_TEXT = "rwx------";
    private static final String FILE_PERMS_TEXT = "rw-------";
    // PosixFilePermissions.fromString returns a mutable set: keep these private.
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString(DIR_PERMS_TEXT);
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString(FILE_PERMS_TEXT);

    private OwnerOnlyFiles() {}

    /**
     * Whether the file system holding {@code path} (or, if it does not exist yet, its nearest existing
     * ancestor) has POSIX permissions, that is, whether the permission steps of this class apply.
     */
    public static boolean isPosix(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        Path existing = p == null ? path.toAbsolutePath().getRoot() : p;
        return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /**
     * Creates {@code dir} and missing parents as 0700, or, if it exists, sets it to 0700. For a
     * directory that holds nothing but secrets of this process (a key directory).
     */
    public static void createOrRestrictDirectory(Path dir) throws IOException {
        boolean posix = isPosix(dir);
        createDirectories(dir, posix);
        if (posix) {
            Files.setPosixFilePermissions(dir, DIR_PERMS);
        }
    }

    /**
     * Creates {@code dir} and missing parents as 0700 if it is missing; an existing directory is left as
     * it is (it may be shared with files that are not secret, or belong to an operator who chose its
     * permissions).
     */
    public static void createDirectoryIfMissing(Path dir) throws IOException {
        createDirectories(dir, isPosix(dir));
    }

    private static void createDirectories(Path dir, boolean posix) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Writes {@code content} to {@code target} as a 0600 file: to a temporary file next to it first,
     * forced to disk, then put in place in one step, and the directory entry forced to disk too. The
     * directory of {@code target} must exist. The caller keeps (and should zero) {@code content}.
     *
     * @param replace whether an existing {@code target} is replaced (atomically). If {@code false} the
     *                write fails when {@code target} exists, also when another process creates it while
     *                this write is under way.
     * @throws FileAlreadyExistsException if {@code replace} is false and {@code target} exists
     */
    public static void write(Path target, byte[] content, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = isPosix(dir);
        if (!replace && Files.exists(target)) {
            throw refusedOverwrite(target);
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", fileAttributes(posix));
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // rename(2) would silently replace a file created since the check above; link(2) refuses.
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw refusedOverwrite(target);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (posix) {
            // Without this a crash can lose the new directory entry although the caller was told the
            // file is written (and may already have announced the key in it).
            forceDirectory(dir);
        }
    }

    /**
     * Opens {@code file} for writing, creating it 0600 if it is missing; an existing file keeps its
     * permissions and content. For lock files next to keys.
     */
    public static FileChannel openOrCreateForWriting(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return FileChannel.open(
                file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes(isPosix(dir)));
    }

    /**
     * Refuses (on POSIX file systems) a file or directory that group or others may access in any way.
     *
     * @param what what {@code path} is, for the message ("key file", "identity directory")
     * @throws IOException naming {@code path}, the permissions expected and the permissions found
     */
    public static void checkOwnerOnly(Path path, String what) throws IOException {
        if (!isPosix(path)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        for (PosixFilePermission perm : perms) {
            if (perm.name().startsWith("GROUP") || perm.name().startsWith("OTHERS")) {
                String expected = Files.isDirectory(path) ? DIR_PERMS_TEXT : FILE_PERMS_TEXT;
                throw new IOException(what + " " + path + " must be accessible to its owner only: expected at most "
                        + expected + ", found " + PosixFilePermissions.toString(perms));
            }
        }
    }

    private static FileAttribute<?>[] fileAttributes(boolean posix) {
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMS)}
                : new FileAttribute<?>[0];
    }

    private static FileAlreadyExistsException refusedOverwrite(Path target) {
        return new FileAlreadyExistsException(
                target.toString(), null, "expected no file there; refusing to overwrite it");
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
