package io.kafkamixnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an option naming a file a command writes when it is done (a report): the file need not exist, but
 * its directory must, and it must not be a directory itself. Checked when the options are parsed, so a
 * typo in the path is a usage error before a run of minutes starts, not an exception after it that loses
 * the results.
 */
final class OutputFileConverter implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        Path file = Path.of(value);
        if (Files.isDirectory(file)) {
            throw new TypeConversionException("expected a file to write, found '" + value + "', which is a directory");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new TypeConversionException("expected a file in an existing directory, found '" + value + "' (" + dir
                    + (Files.exists(dir) ? " is not a directory)" : " does not exist)"));
        }
        return file;
    }
}
