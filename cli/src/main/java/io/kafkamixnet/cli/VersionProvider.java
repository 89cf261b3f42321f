package io.kafkamixnet.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by the build), Kafka's client version next to it. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MixnetCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "mixnet " + (version == null ? "(development build)" : version),
            "Apache Kafka clients " + kafkaVersion(),
            "Java " + System.getProperty("java.version")
        };
    }

    /** Kafka's clients jar records its version in a resource; read it rather than an internal class. */
    private static String kafkaVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = org.apache.kafka.clients.producer.KafkaProducer.class.getResourceAsStream(
                "/kafka/kafka-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
