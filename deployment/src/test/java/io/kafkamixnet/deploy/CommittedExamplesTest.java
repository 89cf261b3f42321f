package io.kafkamixnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose} and {@code deploy/kubernetes} are exactly what {@code mixnet deploy} writes
 * for the demo network ({@code deploy/network/network.properties}) with default options; this test
 * fails when they differ, and rewrites them when run with {@code -Dmixnet.docs.write=true}.
 */
class CommittedExamplesTest {

    static final String REGENERATE = "mvn -B -o -pl deployment -am verify -DskipITs -Dtest=CommittedExamplesTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmixnet.docs.write=true";

    @Test
    void theComposeExampleIsWhatTheCommandWrites() throws IOException {
        check(CommittedExamples.compose(), CommittedExamples.composeDirectory(), "compose");
    }

    @Test
    void theKubernetesExampleIsWhatTheCommandWrites() throws IOException {
        check(CommittedExamples.kubernetes(), CommittedExamples.kubernetesDirectory(), "kubernetes");
    }

    private static void check(DeploymentFiles generated, Path committed, String kind) throws IOException {
        List<String> differences = generated.differencesFrom(committed);
        if (Boolean.getBoolean("mixnet.docs.write") && !differences.isEmpty()) {
            for (String d : differences) {
                if (d.startsWith("extra: ")) {
                    java.nio.file.Files.delete(committed.resolve(d.substring("extra: ".length())));
                }
            }
            generated.writeTo(committed);
            differences = generated.differencesFrom(committed);
        }
        assertThat(differences)
                .as(
                        "%s differs from `mixnet deploy %s --network deploy/network/network.properties --out %s`;"
                                + " regenerate it with%n  %s",
                        committed, kind, committed, REGENERATE)
                .isEmpty();
    }
}
