package io.kafkamixnet.faults.harness;

import io.kafkamixnet.cli.MixnetCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mixer run as users run it, in its own JVM: {@code java -cp <test classpath>
 * io.kafkamixnet.cli.MixnetCommand mixer --config FILE --bootstrap-servers B --status-interval 250ms}.
 * Its output is appended to a log file (one per mixer, across restarts) and its status lines are parsed,
 * so a test can see its Kafka Streams state and how many packets it released since it started.
 *
 * <p>{@link #kill()} is {@code kill -9} ({@link Process#destroyForcibly()} on a real OS process):
 * no shutdown hook, no commit, no LeaveGroup.
 */
public final class MixerProcess implements AutoCloseable {

    /** What one status line of {@code mixnet mixer} says. */
    public record Status(long atNanos, String state, long held, long accepted, long released) {}

    private static final Pattern STATUS =
            Pattern.compile("^state=(\\S+) held=(\\d+) accepted=(\\d+) released=(\\d+) .*");
    private static final Duration STATUS_INTERVAL = Duration.ofMillis(250);
    /**
     * More JVM options for the mixer processes, for diagnosis: {@code -Dfaults.mixer.jvm-args="..."}
     * (space-separated), e.g. {@code -Dorg.slf4j.simpleLogger.log.org.apache.kafka=info} to see in the
     * mixer's log where a restart spends its time.
     */
    private static final List<String> EXTRA_JVM_ARGS =
            List.of(System.getProperty("faults.mixer.jvm-args", "").trim().split("\\s+")).stream()
                    .filter(a -> !a.isEmpty())
                    .toList();

    private final String name;
    private final Path config;
    private final String bootstrapServers;
    private final Path log;
    private volatile Process process;
    private volatile long startedNanos;
    private volatile Status latest;
    private final List<Status> statuses = new ArrayList<>();

    private MixerProcess(String name, Path config, String bootstrapServers, Path log) {
        this.name = name;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
    }

    /** Starts {@code mixnet mixer --config config} in a new JVM; output goes to {@code log}. */
    public static MixerProcess start(String name, Path config, String bootstrapServers, Path log) {
        MixerProcess p = new MixerProcess(name, config, bootstrapServers, log);
        p.launch();
        return p;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        Process p = process;
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mixer " + name + " (pid " + p.pid() + ") did not die of SIGKILL in 30 s");
        }
    }

    /** Starts the same mixer again (same config, same state directory): a restart of this instance. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mixer " + name + " is still running (pid " + process.pid() + ")");
        }
        launch();
    }

    /** Nanos ({@link System#nanoTime()}) when the current process was launched. */
    public long startedNanos() {
        return startedNanos;
    }

    /**
     * Waits for a status line of the current process matching {@code condition}.
     *
     * @throws IllegalStateException with the log's name if none came within {@code timeout} or the process died
     */
    public Status awaitStatus(Predicate<Status> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Status s = latest;
            if (s != null && s.atNanos() >= startedNanos && condition.test(s)) {
                return s;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "mixer " + name + " exited (" + process.exitValue() + ") before " + what + "; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("mixer " + name + " did not reach " + what + " within " + timeout
                + "; last status " + latest + ", see " + log);
    }

    public Optional<Status> latest() {
        return Optional.ofNullable(latest);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops the mixer as Ctrl-C would (SIGTERM: it commits and closes), or kills it after 30 s. */
    @Override
    public void close() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(EXTRA_JVM_ARGS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MixnetCommand.class.getName(),
                "mixer",
                "--config",
                config.toString(),
                "--bootstrap-servers",
                bootstrapServers,
                "--status-interval",
                STATUS_INTERVAL.toMillis() + "ms"));
        latest = null;
        startedNanos = System.nanoTime();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mixer " + name + ": " + String.join(" ", command), e);
        }
        Process p = process;
        Thread reader = new Thread(() -> pump(p), "mixer-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            out.println("==== " + name + " pid " + p.pid() + " started at " + LocalTime.now());
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                Matcher m = STATUS.matcher(line);
                if (m.matches()) {
                    Status s = new Status(
                            System.nanoTime(),
                            m.group(1),
                            Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)));
                    synchronized (statuses) {
                        statuses.add(s);
                    }
                    if (process == p) {
                        latest = s;
                    }
                }
            }
            out.println("==== " + name + " pid " + p.pid() + " output ended");
        } catch (IOException e) {
            // the process was killed while we read, or the log cannot be written: the test's waits report it
        }
    }
}
