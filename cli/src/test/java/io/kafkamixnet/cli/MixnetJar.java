package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mixnet} command as users run it: {@code java -jar target/mixnet.jar ...} in its own JVM, with
 * the jar's own logging configuration, so a test sees exactly what reaches the console. The shaded jar
 * exists when failsafe runs (it is built in {@code package}).
 */
final class MixnetJar {

    /** What a run printed, and how it ended. */
    record Run(int exitCode, String out, String err) {

        /** The lines of standard error. */
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private MixnetJar() {}

    static Path jar() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path jar = module.resolve("target").resolve("mixnet.jar");
        assertThat(jar).as("the shaded CLI jar (mvn package builds it)").exists();
        return jar;
    }

    /** Starts {@code mixnet args} in {@code work}, its standard output to {@code out}, its error to {@code err}. */
    static Process start(Path work, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
    }

    /** Runs {@code mixnet args} to its end, at most {@code timeoutSeconds}, in {@code work}. */
    static Run run(Path work, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("mixnet-" + System.nanoTime() + ".out");
        Path err = work.resolve("mixnet-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("mixnet " + String.join(" ", args) + " did not end within " + timeoutSeconds
                    + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
