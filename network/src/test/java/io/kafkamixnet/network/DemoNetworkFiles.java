package io.kafkamixnet.network;

import java.nio.file.Path;

/** The committed description of the demo network, {@code deploy/network/}, beside the modules. */
final class DemoNetworkFiles {

    private DemoNetworkFiles() {}

    static Path networkFile() {
        // Surefire runs in the module directory and sets basedir to it.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolveSibling("deploy").resolve("network").resolve("network.properties");
    }
}
