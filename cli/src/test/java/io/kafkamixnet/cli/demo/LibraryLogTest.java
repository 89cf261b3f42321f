package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The demo's logging setup: a broker ERROR goes to the named file, the demo's own lines stay on the console. */
class LibraryLogTest {

    @TempDir
    Path tmp;

    /** The redirect relies on slf4j-simple looking System.err up at every line: the shipped configuration must keep that. */
    @Test
    void theShippedLoggingConfigurationWritesToTheCurrentStandardError() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/simplelogger.properties"))) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("org.slf4j.simpleLogger.logFile")).isEqualTo("System.err");
        assertThat(shipped.getProperty("org.slf4j.simpleLogger.cacheOutputStream", "false"))
                .isEqualTo("false");
    }

    @Test
    void aBrokerErrorLandsInTheFileAndNotOnTheConsole() throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Path file = tmp.resolve("broker.log");
        LibraryLog.Counts counts;
        try {
            try (LibraryLog log = LibraryLog.redirect(file)) {
                System.out.println("[  0.4s] Started an embedded Kafka broker");
                LoggerFactory.getLogger("kafka.server.ReplicaManager")
                        .error(
                                "[ReplicaManager broker=1] Error processing append"
                                        + " operation on partition mix-a-pool-changelog-0",
                                new OutOfOrderSequenceException("Out of order sequence number"));
                LoggerFactory.getLogger("org.apache.kafka.streams.processor.internals.RecordCollectorImpl")
                        .error("stream-thread [x] task [0_0] Error encountered sending record");
                LoggerFactory.getLogger("io.kafkamixnet.topology.MixerApplication")
                        .warn("Mixer m: a stream thread failed");
                counts = log.counts();
                log.console().println("for the user");
            }
            LoggerFactory.getLogger("kafka.server.ReplicaManager").error("after the demo: on the console again");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        String inFile = Files.readString(file, StandardCharsets.UTF_8);
        String out = stdout.toString(StandardCharsets.UTF_8);
        String err = stderr.toString(StandardCharsets.UTF_8);

        assertThat(inFile)
                .contains(
                        "ERROR kafka.server.ReplicaManager",
                        "OutOfOrderSequenceException",
                        "Out of order sequence number",
                        "ERROR org.apache.kafka.streams",
                        "WARN io.kafkamixnet.topology.MixerApplication");
        assertThat(counts).isEqualTo(new LibraryLog.Counts(2, 1));
        assertThat(out)
                .contains("Started an embedded Kafka broker")
                .doesNotContain("ERROR")
                .doesNotContain("Exception");
        assertThat(err)
                .doesNotContain("OutOfOrderSequenceException")
                .doesNotContain("append operation")
                .contains("for the user")
                .contains("after the demo: on the console again");
    }
}
