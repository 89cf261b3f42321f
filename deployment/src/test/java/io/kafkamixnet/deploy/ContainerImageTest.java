package io.kafkamixnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixnet image as far as this machine can check it without a container engine: the Dockerfile's
 * base, user and the files it copies, and its entry point script run for real with {@code sh}.
 * {@code DockerImageIT} builds the image where an engine exists.
 */
class ContainerImageTest {

    static final Path REPO = CommittedExamples.repository();

    @Test
    void theDockerfileBuildsOnTemurin17JreRunsAsANonRootUserAndCopiesOnlyRepositoryFiles() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
        List<String> froms = Pattern.compile("(?m)^FROM (\\S+)")
                .matcher(dockerfile)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(froms).last().isEqualTo("eclipse-temurin:17-jre");
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
        assertThat(user.find()).as("a numeric USER").isTrue();
        assertThat(Long.parseLong(user.group(1)))
                .isEqualTo(ContainerLayout.USER_ID)
                .isNotZero();
        // The jar is the cli module's shaded jar, as ./mixnet builds it.
        assertThat(dockerfile).contains("-pl cli -am package").contains("/src/cli/target/mixnet.jar");
        assertThat(Files.readString(REPO.resolve("mixnet"))).contains("cli/target/mixnet.jar");
        Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(\\S+) ")
                .matcher(dockerfile)
                .results()
                .map(m -> m.group(1))
                .filter(src -> !src.equals("."))
                .forEach(src -> assertThat(REPO.resolve(src)).as("COPY source").isRegularFile());
        // Nothing secret or generated goes into the build context.
        assertThat(Files.readAllLines(REPO.resolve(".dockerignore")))
                .contains("**/target", ".git", "deploy/local/keys", "deploy/local/state");
    }

    @Test
    void theEntryPointWritesOwnerOnlyScramClientPropertiesAndRunsMixnet(@TempDir Path dir) throws Exception {
        Path password = dir.resolve("kafka.password");
        Files.writeString(password, "Abc123def456GHI789jkl0\n");
        Path config = dir.resolve("client.properties");
        Run run = entrypoint(
                Map.of(
                        "MIXNET_SASL_USERNAME",
                        "mix-1",
                        "MIXNET_BOOTSTRAP_SERVERS",
                        "kafka:9092",
                        "MIXNET_SASL_PASSWORD_FILE",
                        password.toString(),
                        "MIXNET_CLIENT_CONFIG",
                        config.toString()),
                "mixer",
                "--config",
                "x");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().trim()).isEqualTo("-jar /opt/mixnet/mixnet.jar mixer --config x");
        Properties p = new Properties();
        p.load(Files.newBufferedReader(config, StandardCharsets.UTF_8));
        assertThat(p)
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"mix-1\""
                                + " password=\"Abc123def456GHI789jkl0\";");
        assertThat(Files.getPosixFilePermissions(config))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void theEntryPointRefusesAPasswordThatWouldBreakTheJaasLineAndNeedsNothingWithoutAUser(@TempDir Path dir)
            throws Exception {
        Path password = dir.resolve("kafka.password");
        Files.writeString(password, "abc\" evil=\"1");
        Run refused = entrypoint(
                Map.of(
                        "MIXNET_SASL_USERNAME",
                        "mix-1",
                        "MIXNET_BOOTSTRAP_SERVERS",
                        "kafka:9092",
                        "MIXNET_SASL_PASSWORD_FILE",
                        password.toString(),
                        "MIXNET_CLIENT_CONFIG",
                        dir.resolve("c.properties").toString()),
                "--version");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("expected letters and digits").doesNotContain("evil");
        assertThat(dir.resolve("c.properties")).doesNotExist();
        Run plain = entrypoint(
                Map.of("MIXNET_CLIENT_CONFIG", dir.resolve("c.properties").toString()), "--version");
        assertThat(plain.exit()).isZero();
        assertThat(dir.resolve("c.properties")).doesNotExist();
    }

    private record Run(int exit, String out, String err) {}

    private static Run entrypoint(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of("sh", REPO.resolve("deploy/docker/mixnet-entrypoint.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("MIXNET_JAVA", "echo");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
