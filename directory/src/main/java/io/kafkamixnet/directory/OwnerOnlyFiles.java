package io.kafkamixnet.directory;

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
 * Files only their owner may read: created 0600 from the first byte (never chmod-ed after the fact),
 * in directories created 0700, written to a temporary file and moved into place so a reader never
 * sees half a file. On file systems without POSIX permissions the permission steps are skipped.
 */
final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    static boolean posix(Path path) throws IOException {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        Path existing = p == null ? path.toAbsolutePath().getRoot() : p;
        return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** Creates {@code dir} (and parents) if missing; when {@code restrict}, sets it to 0700. */
    static void ensureDirectory(Path dir, boolean restrict) throws IOException {
        boolean posix = posix(dir);
        if (!Files.isDirectory(dir)) {
            if (posix && restrict) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix && restrict) {
            Files.setPosixFilePermissions(dir, DIR_PERMS);
        }
    }

    /** Creates {@code dir} (and parents) 0700 if it is missing; an existing directory is left as it is. */
    static void createDirectoryIfMissing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (posix(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
            } else {
                Files.createDirectories(dir);
            }
        }
    }

    /**
     * Writes {@code content} to {@code target} (0600). With {@code replace} false the write fails with
     * {@link FileAlreadyExistsException} if {@code target} exists, also when another process creates it
     * concurrently (the final step is a hard link, which never replaces a file).
     */
    static void write(Path target, byte[] content, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = posix(dir);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMS)}
                : new FileAttribute<?>[0];
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite it");
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses (POSIX only) a file or directory that group or others may access, as ssh does. */
    static void checkOwnerOnly(Path p, String what) throws IOException {
        if (!posix(p)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        for (PosixFilePermission perm : perms) {
            if (perm.name().startsWith("GROUP") || perm.name().startsWith("OTHERS")) {
                throw new IOException(what + " " + p + " must be accessible to its owner only, found permissions "
                        + PosixFilePermissions.toString(perms));
            }
        }
    }
}
