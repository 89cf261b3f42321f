package io.kafkamixnet.deploy;

import io.kafkamixnet.deploy.compose.ComposeOptions;
import io.kafkamixnet.deploy.compose.ComposeProject;
import io.kafkamixnet.deploy.kubernetes.KubernetesManifests;
import io.kafkamixnet.deploy.kubernetes.KubernetesOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The generator behind {@code mixnet deploy compose|kubernetes}, also used by the tests of the committed examples. */
public final class Deployments {

    /** The network name when none is given: the compose project and the Strimzi cluster. */
    public static final String DEFAULT_NAME = "mixnet";

    public static final int DEFAULT_TRAFFIC_REQUESTS = 20;
    public static final int DEFAULT_EXTERNAL_PORT = 29092;

    private Deployments() {}

    /**
     * The compose project for {@code networkFile}, to be written to {@code out}: inside a checkout it
     * builds the image from the checkout's {@code Dockerfile} and mounts its Grafana dashboard.
     */
    public static DeploymentFiles compose(
            String name, Path networkFile, Path out, int externalPort, int trafficRequests) throws IOException {
        DeploymentPlan plan = DeploymentPlans.load(name, networkFile, Versions.ofThisBuild());
        Optional<Checkout> checkout = Checkout.containing(out);
        ComposeOptions options = new ComposeOptions(
                checkout.map(c -> c.relative(out, ".")),
                checkout.map(c -> c.relative(out, Checkout.DASHBOARD)),
                externalPort,
                trafficRequests);
        return new ComposeProject(plan, options).files();
    }

    /** The Kubernetes manifests for {@code networkFile}. */
    public static DeploymentFiles kubernetes(String name, Path networkFile, KubernetesOptions options)
            throws IOException {
        DeploymentPlan plan = DeploymentPlans.load(name, networkFile, Versions.ofThisBuild());
        return new KubernetesManifests(plan, options).files();
    }

    /** The image tag the compose project builds, and the default image of the manifests. */
    public static String defaultImage() {
        return "kafka-mixnet:" + Versions.ofThisBuild().mixnet();
    }
}
