package io.kafkamixnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Builds the mixnet image with the repository's Dockerfile and runs it, where a container engine
 * (docker or podman) answers; skipped, saying why, where none does (as on the project's build machine).
 */
class DockerImageIT {

    @Test
    void theDockerfileBuildsAnImageThatRunsMixnetAsANonRootUser() throws Exception {
        Optional<String> engine = engine();
        Assumptions.assumeTrue(engine.isPresent(), "no container engine (docker or podman) answers here");
        Path repo = CommittedExamples.repository();
        String tag = "kafka-mixnet:it-" + ProcessHandle.current().pid();
        try {
            Result build = run(List.of(engine.get(), "build", "-t", tag, repo.toString()), 1800);
            assertThat(build.exit()).as(build.output()).isZero();
            Result version =
                    run(List.of(engine.get(), "run", "--rm", "--read-only", "--tmpfs", "/tmp", tag, "--version"), 120);
            assertThat(version.exit()).as(version.output()).isZero();
            assertThat(version.output())
                    .contains("mixnet ")
                    .contains("Apache Kafka clients " + Versions.ofThisBuild().kafka());
            Result user = run(List.of(engine.get(), "run", "--rm", "--entrypoint", "id", tag, "-u"), 120);
            assertThat(user.output().trim()).isEqualTo(Long.toString(ContainerLayout.USER_ID));
        } finally {
            run(List.of(engine.get(), "rmi", "-f", tag), 120);
        }
    }

    private static Optional<String> engine() {
        for (String candidate : List.of("docker", "podman")) {
            boolean onPath = Optional.ofNullable(System.getenv("PATH")).stream()
                    .flatMap(p -> List.of(p.split(java.io.File.pathSeparator)).stream())
                    .anyMatch(d -> Files.isExecutable(Path.of(d, candidate)));
            if (!onPath) {
                continue;
            }
            try {
                if (run(List.of(candidate, "info"), 30).exit() == 0) {
                    return Optional.of(candidate);
                }
            } catch (Exception e) {
                // not usable: try the next one
            }
        }
        return Optional.empty();
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, long timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("docker-image-it", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
