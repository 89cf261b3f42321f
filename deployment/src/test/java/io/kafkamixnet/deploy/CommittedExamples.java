package io.kafkamixnet.deploy;

import io.kafkamixnet.deploy.kubernetes.KubernetesOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The demo network's deployments, generated as `mixnet deploy` with default options generates them. */
public final class CommittedExamples {

    private CommittedExamples() {}

    public static Path repository() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .getParent();
    }

    /** The demo network description the committed examples are generated from. */
    public static Path demoNetwork() {
        return repository().resolve("deploy/network/network.properties");
    }

    public static Path composeDirectory() {
        return repository().resolve("deploy/compose");
    }

    public static Path kubernetesDirectory() {
        return repository().resolve("deploy/kubernetes");
    }

    /** What `mixnet deploy compose --network deploy/network/network.properties --out deploy/compose` writes. */
    public static DeploymentFiles compose() throws IOException {
        return Deployments.compose(
                Deployments.DEFAULT_NAME,
                demoNetwork(),
                composeDirectory(),
                Deployments.DEFAULT_EXTERNAL_PORT,
                Deployments.DEFAULT_TRAFFIC_REQUESTS);
    }

    /** What `mixnet deploy kubernetes --network deploy/network/network.properties --out deploy/kubernetes` writes. */
    public static DeploymentFiles kubernetes() throws IOException {
        return Deployments.kubernetes(
                Deployments.DEFAULT_NAME,
                demoNetwork(),
                new KubernetesOptions(
                        Deployments.defaultImage(),
                        3,
                        3,
                        Optional.empty(),
                        Optional.empty(),
                        Deployments.DEFAULT_TRAFFIC_REQUESTS));
    }

    /** The plan of the demo network. */
    public static DeploymentPlan plan() throws IOException {
        return DeploymentPlans.load(Deployments.DEFAULT_NAME, demoNetwork(), Versions.ofThisBuild());
    }
}
