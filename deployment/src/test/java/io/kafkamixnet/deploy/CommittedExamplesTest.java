package io.kafkamixnet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.deploy.kubernetes.KubernetesOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose} and {@code deploy/kubernetes} are exactly what {@code mixnet deploy} writes
 * for the demo network ({@code deploy/network/network.properties}) with default options; this test
 * fails when they differ, and rewrites them when run with {@code -Dmixnet.docs.write=true}.
 */
class CommittedExamplesTest {

    static final String REGENERATE = "mvn -B -o -pl deployment -am verify -DskipITs -Dtest=CommittedExamplesTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmixnet.docs.write=true";

    /** What `mixnet deploy compose --network deploy/network/network.properties --out deploy/compose` writes. */
    static DeploymentFiles compose() throws IOException {
        return Deployments.compose(
                Deployments.DEFAULT_NAME,
                Repository.demoNetwork(),
                Repository.composeExample(),
                Deployments.DEFAULT_EXTERNAL_PORT,
                Deployments.DEFAULT_TRAFFIC_REQUESTS);
    }

    /** What `mixnet deploy kubernetes --network deploy/network/network.properties --out deploy/kubernetes` writes. */
    static DeploymentFiles kubernetes() throws IOException {
        return Deployments.kubernetes(Deployments.DEFAULT_NAME, Repository.demoNetwork(), defaultKubernetesOptions());
    }

    static KubernetesOptions defaultKubernetesOptions() {
        return new KubernetesOptions(
                Deployments.defaultImage(),
                3,
                3,
                Optional.empty(),
                Optional.empty(),
                Deployments.DEFAULT_TRAFFIC_REQUESTS);
    }

    @Test
    void theComposeExampleIsWhatTheCommandWrites() throws IOException {
        check(compose(), Repository.composeExample(), "compose");
    }

    @Test
    void theKubernetesExampleIsWhatTheCommandWrites() throws IOException {
        check(kubernetes(), Repository.kubernetesExample(), "kubernetes");
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
