package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() throws IOException {
        // Every test here checks permission bits; on a non-POSIX file system there are none.
        assumeTrue(OwnerOnlyFiles.isPosix(tmp), "needs a POSIX file system");
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void newFilesAre0600AndNewDirectoriesWithTheirParents0700() throws IOException {
        Path dir = tmp.resolve("a/b/keys");
        OwnerOnlyFiles.createOrRestrictDirectory(dir);
        assertThat(perms(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(perms(tmp.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(perms(dir)).isEqualTo("rwx------");

        Path other = tmp.resolve("c/d");
        OwnerOnlyFiles.createDirectoryIfMissing(other);
        assertThat(perms(tmp.resolve("c"))).isEqualTo("rwx------");
        assertThat(perms(other)).isEqualTo("rwx------");

        Path f = dir.resolve("secret.key");
        OwnerOnlyFiles.write(f, "s3cret".getBytes(StandardCharsets.US_ASCII), false);
        assertThat(perms(f)).isEqualTo("rw-------");
        assertThat(Files.readString(f)).isEqualTo("s3cret");
        assertThat(names(dir)).as("no temporary file left behind").containsExactly("secret.key");

        Path lock = dir.resolve(".lock");
        try (FileChannel ch = OwnerOnlyFiles.openOrCreateForWriting(lock)) {
            assertThat(ch.isOpen()).isTrue();
        }
        assertThat(perms(lock)).isEqualTo("rw-------");
    }

    @Test
    void existingDirectoriesAreRestrictedOnlyWhenAsked() throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFiles.createDirectoryIfMissing(shared);
        assertThat(perms(shared)).isEqualTo("rwxr-xr-x");
        OwnerOnlyFiles.createOrRestrictDirectory(shared);
        assertThat(perms(shared)).isEqualTo("rwx------");
    }

    @Test
    void refusesToOverwriteAndLeavesTheExistingFileAsItWas() throws IOException {
        Path f = tmp.resolve("identity.key");
        OwnerOnlyFiles.write(f, "first".getBytes(StandardCharsets.US_ASCII), false);
        assertThatThrownBy(() -> OwnerOnlyFiles.write(f, "second".getBytes(StandardCharsets.US_ASCII), false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(f)).isEqualTo("first");
        assertThat(names(tmp)).containsExactly("identity.key");
    }

    @Test
    void replaceSwapsInANew0600FileWhateverTheOldOneWas() throws IOException {
        Path f = tmp.resolve("pins");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnlyFiles.write(f, "new".getBytes(StandardCharsets.US_ASCII), true);
        assertThat(Files.readString(f)).isEqualTo("new");
        assertThat(perms(f)).isEqualTo("rw-------");
        assertThat(names(tmp)).containsExactly("pins");
    }

    @Test
    void writingIntoAMissingDirectoryFailsAndCreatesNothing() {
        Path f = tmp.resolve("missing/secret.key");
        assertThatThrownBy(() -> OwnerOnlyFiles.write(f, new byte[] {1}, false))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(tmp.resolve("missing"))).isFalse();
    }

    @Test
    void refusesAGroupOrOtherReadableFileSayingWhatItExpectedAndFound() throws IOException {
        Path f = tmp.resolve("mix-1.key");
        OwnerOnlyFiles.write(f, new byte[] {1}, false);
        OwnerOnlyFiles.checkOwnerOnly(f, "key file");
        OwnerOnlyFiles.checkOwnerOnly(tmp.resolve(f.getFileName()), "key file");

        for (String bad : List.of("rw-r-----", "rw----r--", "rw-----w-", "r--r--r--", "rw---x---")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(bad));
            assertThatThrownBy(() -> OwnerOnlyFiles.checkOwnerOnly(f, "key file"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("key file " + f)
                    .hasMessageContaining("owner only")
                    .hasMessageContaining("expected at most rw-------")
                    .hasMessageContaining("found " + bad);
        }
        // Fewer owner permissions are fine: only group and others matter.
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        OwnerOnlyFiles.checkOwnerOnly(f, "key file");
    }

    @Test
    void refusesAGroupOrOtherAccessibleDirectory() throws IOException {
        Path dir = tmp.resolve("keys");
        OwnerOnlyFiles.createOrRestrictDirectory(dir);
        OwnerOnlyFiles.checkOwnerOnly(dir, "key directory");
        for (String bad : List.of("rwxr-x---", "rwx--x---", "rwx-----x", "rwxrwxrwx")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(bad));
            assertThatThrownBy(() -> OwnerOnlyFiles.checkOwnerOnly(dir, "key directory"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("key directory " + dir)
                    .hasMessageContaining("expected at most rwx------")
                    .hasMessageContaining("found " + bad);
        }
    }

    @Test
    void checkingAMissingFileFails() {
        assertThatThrownBy(() -> OwnerOnlyFiles.checkOwnerOnly(tmp.resolve("nope"), "key file"))
                .isInstanceOf(NoSuchFileException.class);
    }

    /**
     * A reader polling the target while it is replaced many times sees only complete contents, every
     * file it ever sees in the directory is owner-only, and no temporary file is left.
     */
    @Test
    void readersNeverSeeAPartialOrUnprotectedFile() throws Exception {
        Path f = tmp.resolve("big.key");
        int size = 1 << 18;
        byte[] a = new byte[size];
        byte[] b = new byte[size];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int seen = 0;
                while (!done.get() && problem.get() == null) {
                    try {
                        byte[] read = Files.readAllBytes(f);
                        seen++;
                        if (!(Arrays.equals(read, a) || Arrays.equals(read, b))) {
                            problem.set("read " + read.length + " bytes that are neither whole version");
                        }
                    } catch (NoSuchFileException e) {
                        // not written yet
                    }
                    try (Stream<Path> s = Files.list(tmp)) {
                        for (Path p : s.toList()) {
                            try {
                                String perms = perms(p);
                                if (!perms.equals("rw-------")) {
                                    problem.set(p.getFileName() + " was visible with permissions " + perms);
                                }
                            } catch (NoSuchFileException e) {
                                // a temporary file that was moved away meanwhile
                            }
                        }
                    }
                }
                return seen;
            });
            Future<?> writer = pool.submit((Callable<Void>) () -> {
                try {
                    OwnerOnlyFiles.write(f, a, false);
                    for (int i = 0; i < 40 && problem.get() == null; i++) {
                        OwnerOnlyFiles.write(f, i % 2 == 0 ? b : a, true);
                    }
                } finally {
                    done.set(true);
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(problem.get()).isNull();
        assertThat(names(tmp)).containsExactly("big.key");
    }

    /** Several threads creating one file at once with replace=false: exactly one wins, its bytes stay. */
    @Test
    void concurrentCreatesHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 25; round++) {
                Path f = tmp.resolve("mix-" + round + ".key");
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] content = ("writer " + w + "\n").repeat(1000).getBytes(StandardCharsets.US_ASCII);
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        try {
                            OwnerOnlyFiles.write(f, content, false);
                            return true;
                        } catch (FileAlreadyExistsException e) {
                            return false;
                        }
                    }));
                }
                List<Integer> winners = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get(30, TimeUnit.SECONDS)) {
                        winners.add(w);
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(Files.readString(f)).isEqualTo(("writer " + winners.get(0) + "\n").repeat(1000));
                assertThat(perms(f)).isEqualTo("rw-------");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(tmp)).hasSize(25).allMatch(n -> n.startsWith("mix-") && n.endsWith(".key"));
    }
}
