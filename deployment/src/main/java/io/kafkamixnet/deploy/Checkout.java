package io.kafkamixnet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Kafka Mixnet repository checkout a compose deployment is written into (or next to): its
 * {@code Dockerfile} builds the mixnet image, and Grafana reads the dashboard from it. Found by
 * walking up from the output directory to a directory holding both the {@code Dockerfile} and the
 * {@code mixnet} launcher.
 */
public record Checkout(Path root) {

    /** The dashboard's place in the repository (deploy/grafana, kept by the metrics work). */
    public static final String DASHBOARD = "deploy/grafana/mixnet-dashboard.json";

    /** The checkout containing {@code dir} (which need not exist yet), if any. */
    public static Optional<Checkout> containing(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("Dockerfile")) && Files.isRegularFile(p.resolve("mixnet"))) {
                return Optional.of(new Checkout(p));
            }
        }
        return Optional.empty();
    }

    /** {@code target} inside the checkout as a path relative to {@code from}, '/'-separated. */
    public String relative(Path from, String target) {
        Path rel = from.toAbsolutePath()
                .normalize()
                .relativize(root.resolve(target).normalize());
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }
}
