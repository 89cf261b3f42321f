package io.kafkamixnet.deploy.compose;

import java.util.Objects;
import java.util.Optional;

/**
 * What a compose deployment needs beyond the network description.
 *
 * @param buildContext the repository checkout, relative to the output directory, whose
 *     {@code Dockerfile} builds the mixnet image; empty when the image is built by hand
 * @param dashboard the Grafana dashboard file, relative to the output directory; empty for no
 *     dashboard
 * @param externalPort the host port (on 127.0.0.1) of the broker's listener for clients on the host
 * @param trafficRequests how many requests the one-shot demo traffic sends
 */
public record ComposeOptions(
        Optional<String> buildContext, Optional<String> dashboard, int externalPort, int trafficRequests) {

    public ComposeOptions {
        Objects.requireNonNull(buildContext, "buildContext");
        Objects.requireNonNull(dashboard, "dashboard");
        if (externalPort < 1 || externalPort > 65535) {
            throw new IllegalArgumentException("external port must be 1..65535, found " + externalPort);
        }
        if (trafficRequests < 1) {
            throw new IllegalArgumentException("traffic requests must be at least 1, found " + trafficRequests);
        }
    }
}
