package io.kafkamixnet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions a generated deployment pins: the project's (the tag of the mixnet image) and the
 * project's Kafka version (the {@code apache/kafka} image and the Strimzi {@code Kafka} resource), both
 * written into {@code versions.properties} by the build from the root pom.
 */
public record Versions(String mixnet, String kafka) {

    public Versions {
        if (mixnet == null || mixnet.isBlank() || mixnet.contains("${")) {
            throw new IllegalArgumentException("mixnet version must be set by the build, found '" + mixnet + "'");
        }
        if (kafka == null || !kafka.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("Kafka version must be MAJOR.MINOR.PATCH, found '" + kafka + "'");
        }
    }

    /** The versions this build was made with. */
    public static Versions ofThisBuild() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the deployment module's jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions.properties: " + e.getMessage(), e);
        }
        return new Versions(p.getProperty("mixnet.version"), p.getProperty("kafka.version"));
    }
}
