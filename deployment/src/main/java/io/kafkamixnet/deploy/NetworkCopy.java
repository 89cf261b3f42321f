package io.kafkamixnet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The network description and its mixer files, copied verbatim under {@code network/} of a deployment. */
public final class NetworkCopy {

    /** The directory of the copy inside a deployment. */
    public static final String DIR = "network";

    private NetworkCopy() {}

    /** Adds every description file of {@code plan} under {@link #DIR}. */
    public static void addTo(DeploymentFiles files, DeploymentPlan plan) {
        for (String file : plan.descriptionFiles()) {
            files.add(DIR + "/" + file, read(plan, file));
        }
    }

    /** The text of one description file. */
    public static String read(DeploymentPlan plan, String file) {
        try {
            return Files.readString(plan.descriptionDirectory().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " of the network description: " + e.getMessage(), e);
        }
    }
}
