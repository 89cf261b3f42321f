package io.kafkamixnet.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one line a command prints for an error. Java's file-system exceptions carry only the path as
 * their message ({@code /tmp/x}), which tells the user nothing: they get what went wrong with it.
 */
final class ErrorText {

    private ErrorText() {}

    static String of(Throwable error) {
        Throwable e = error instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : error;
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            String what = describe(fs);
            if (what != null) {
                String other = fs.getOtherFile() == null ? "" : " (and " + fs.getOtherFile() + ")";
                return what + ": " + fs.getFile() + other;
            }
        }
        return String.valueOf(error.getMessage());
    }

    private static String describe(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file already exists where a new one (or a directory) was to be created";
        }
        if (e instanceof NotDirectoryException) {
            return "expected a directory, found a file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return null;
    }
}
