package io.kafkamixnet.connect;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka Connect standalone worker ({@code org.apache.kafka.connect.cli.ConnectStandalone} of
 * {@code connect-runtime}) in a child JVM, with {@code plugin.path} at the plugin that {@code package}
 * built and plugin discovery by {@code META-INF/services} manifests only. Its class path is this test's
 * minus every project class and jar, so the connector can only come from the packaged plugin. Stopping
 * it kills the process (SIGKILL) as a crash would; its log is a file.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private final Path dir;
    private final Map<String, Object> clientConfig;
    private final List<Path> connectorFiles = new ArrayList<>();
    private final int restPort;
    private final Path log;
    private Process process;
    private int starts;

    ConnectWorkerProcess(Path dir, Map<String, Object> clientConfig) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.clientConfig = Map.copyOf(clientConfig);
        this.restPort = freePort();
        this.log = dir.resolve("worker.log");
    }

    /** The plugin directory {@code package} built: target/mixnet-connectors-VERSION-plugin (holds mixnet-http-bridge/). */
    static Path pluginPath() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("target"), "mixnet-connectors-*-plugin")) {
            for (Path p : s) {
                if (Files.isDirectory(p.resolve("mixnet-http-bridge").resolve("lib"))) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new IllegalStateException("no packaged plugin under target/: run the build through `package`"
                + " (mvn verify), which assembles target/mixnet-connectors-*-plugin/mixnet-http-bridge");
    }

    /** Adds a connector (its properties, {@code name} included) that the worker starts with. */
    ConnectWorkerProcess connector(Map<String, String> config) throws IOException {
        Properties p = new Properties();
        p.putAll(config);
        Path file = dir.resolve(config.get("name") + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        connectorFiles.add(file);
        return this;
    }

    /** Starts (or restarts) the worker with the same configuration, offsets and consumer groups. */
    ConnectWorkerProcess start() throws IOException {
        Properties worker = new Properties();
        clientConfig.forEach((k, v) -> worker.put(k, String.valueOf(v)));
        worker.put("key.converter", MixnetHttpSinkConnector.BYTE_ARRAY_CONVERTER);
        worker.put("value.converter", MixnetHttpSinkConnector.BYTE_ARRAY_CONVERTER);
        worker.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("plugin.path", pluginPath().toString());
        worker.put("plugin.discovery", "service_load");
        worker.put("listeners", "http://127.0.0.1:" + restPort);
        worker.put("task.shutdown.graceful.timeout.ms", "5000");
        Path workerFile = dir.resolve("worker.properties");
        try (OutputStream out = Files.newOutputStream(workerFile)) {
            worker.store(out, null);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.reflections=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.io.kafkamixnet.connect.MixnetHttpSinkTask=debug");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(workerClassPath());
        command.add("org.apache.kafka.connect.cli.ConnectStandalone");
        command.add(workerFile.toString());
        connectorFiles.forEach(f -> command.add(f.toString()));
        Files.writeString(
                log,
                "---- start " + (++starts) + " ----\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    /** This JVM's class path without the project's own classes and jars: Kafka, Connect and libraries only. */
    private static String workerClassPath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            boolean project = e.contains("/io/kafkamixnet/")
                    || e.endsWith("/target/classes")
                    || e.endsWith("/target/test-classes")
                    || e.contains("/target/mixnet-");
            if (!project) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** The connector's status from the worker's REST API, or "" while it does not answer. */
    String status(String connector) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + restPort + "/connectors/" + connector + "/status"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Whether the connector and its task run (the task has started: read the directory, made its producer). */
    boolean running(String connector) {
        String s = status(connector).replace(" ", "");
        return s.matches("(?s).*\"tasks\":\\[\\{[^}]*\"state\":\"RUNNING\".*");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Kills the worker as a crash would: no task stop, no final offset commit. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy(); // SIGTERM: Connect's shutdown hook stops the tasks
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
