package io.kafkamixnet.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of one generated deployment: relative path ('/'-separated) to UTF-8 text, and which of
 * them are executable scripts. Written to a directory with {@link #writeTo}; compared with one with
 * {@link #differencesFrom}.
 */
public final class DeploymentFiles {

    private final Map<String, String> files = new TreeMap<>();
    private final Set<String> executables = new TreeSet<>();

    /** Adds a file; a path may be given once. */
    public DeploymentFiles add(String path, String content) {
        Objects.requireNonNull(content, "content");
        Path p = Path.of(path);
        if (path.isEmpty()
                || p.isAbsolute()
                || p.normalize().startsWith("..")
                || !p.normalize().equals(p)) {
            throw new IllegalArgumentException(
                    "expected a relative path inside the output directory, found '" + path + "'");
        }
        if (files.putIfAbsent(path, content) != null) {
            throw new IllegalArgumentException("file " + path + " generated twice");
        }
        return this;
    }

    /** Adds an executable script. */
    public DeploymentFiles addExecutable(String path, String content) {
        add(path, content);
        executables.add(path);
        return this;
    }

    /** Path to content, sorted by path. */
    public Map<String, String> files() {
        return Collections.unmodifiableMap(files);
    }

    public boolean isExecutable(String path) {
        return executables.contains(path);
    }

    /**
     * Writes every file under {@code dir} (created if missing), replacing files of the same name; files
     * already there that this deployment does not have are left alone.
     *
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path dir) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            if (executables.contains(e.getKey())) {
                try {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException notPosix) {
                    target.toFile().setExecutable(true, false);
                }
            }
        }
    }

    /**
     * How {@code dir} differs from these files: each missing, changed or extra file (extra: present in
     * {@code dir} but not generated), or a script that is not executable. Empty when they agree.
     *
     * @throws IOException if {@code dir} cannot be read
     */
    public List<String> differencesFrom(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.isRegularFile(p)) {
                out.add("missing: " + e.getKey());
            } else if (!Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) {
                out.add("differs: " + e.getKey());
            } else if (executables.contains(e.getKey())
                    && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE)) {
                out.add("not executable: " + e.getKey());
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.filter(Files::isRegularFile)
                        .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .filter(rel -> !files.containsKey(rel))
                        .sorted()
                        .forEach(rel -> out.add("extra: " + rel));
            }
        }
        return out;
    }
}
