package io.kafkamixnet.deploy;

import java.nio.file.Path;

/** Paths of the repository the tests run in: Surefire runs in the module directory. */
final class Repository {

    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .getParent();
    }

    /** The demo network description the committed examples are generated from. */
    static Path demoNetwork() {
        return root().resolve("deploy/network/network.properties");
    }

    static Path composeExample() {
        return root().resolve("deploy/compose");
    }

    static Path kubernetesExample() {
        return root().resolve("deploy/kubernetes");
    }
}
