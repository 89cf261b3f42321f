package io.kafkamixnet.cli.bench;

import com.sun.tools.attach.VirtualMachine;
import io.kafkamixnet.admin.ClientSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One mixer in a JVM of its own, started as an operator starts one: {@code java -Xmx<heap> -cp <this
 * process's class path> io.kafkamixnet.cli.MixnetCommand mixer --config <file>}. The benchmark reads
 * its status lines (state, held, accepted, released: {@code --status-interval}), measures its heap
 * after a full collection through the JDK's attach API and JMX, reads its resident set size from
 * {@code /proc/<pid>/status}, and can kill it with SIGKILL as a crash would.
 *
 * <p>The mixer's properties (which may carry client secrets from {@code kafka.*}) are written to a
 * file readable by the owner only; its standard error goes to a log file next to it.
 */
final class MixerProcess implements AutoCloseable {

    /** Matches the status line {@code MixerCommand} prints. */
    private static final Pattern STATUS = Pattern.compile("^state=(\\S+) held=(\\d+) accepted=(\\d+) released=(\\d+)");

    private static final Duration STATUS_INTERVAL = Duration.ofMillis(200);
    private static final int KEPT_LINES = 20;

    /** The mixer's state and counters as its last status line gave them. */
    record Status(String state, long held, long accepted, long released) {
        static final Status NONE = new Status("STARTING", 0, 0, 0);

        boolean running() {
            return "RUNNING".equals(state);
        }
    }

    private final Process process;
    private final Path errorLog;
    private Path keptErrorLog;
    private final Deque<String> otherLines = new ArrayDeque<>();
    private volatile Status status = Status.NONE;

    /** Kills the child if this JVM exits first (Ctrl-C on the bench): a mixer must not outlive its bench. */
    private final Thread reaper;

    private MixerProcess(Process process, Path errorLog) {
        this.process = process;
        this.errorLog = errorLog;
        this.reaper = new Thread(process::destroyForcibly, "mixnet-bench-mixer-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
        Thread reader = new Thread(this::readStatus, "mixnet-bench-mixer-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a mixer process.
     *
     * @param config  the mixer's settings (as for {@link io.kafkamixnet.topology.MixerConfig#fromMap}), {@code state.dir} included
     * @param maxHeap the child's {@code -Xmx} value, e.g. {@code 256m}
     * @param dir     where its properties file and error log go
     * @param name    names those files
     * @throws IOException if the files cannot be written or the JVM cannot be started
     */
    static MixerProcess start(Map<String, String> config, ClientSettings cluster, String maxHeap, Path dir, String name)
            throws IOException {
        Objects.requireNonNull(config, "config");
        if (!maxHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("expected a heap size such as 256m, found '" + maxHeap + "'");
        }
        Path properties = dir.resolve(name + ".properties");
        Files.deleteIfExists(properties);
        Files.createFile(
                properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.putAll(config);
        try (Writer w = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            p.store(w, "mixnet bench: mixer in its own process");
        }
        Path errorLog = dir.resolve(name + ".err.log");
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx" + maxHeap,
                "-cp",
                System.getProperty("java.class.path"),
                "io.kafkamixnet.cli.MixnetCommand",
                "mixer",
                "--config",
                properties.toString(),
                "--bootstrap-servers",
                cluster.bootstrapServers(),
                "--status-interval",
                STATUS_INTERVAL.toMillis() + "ms"));
        Process process = new ProcessBuilder(command)
                .redirectError(errorLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new MixerProcess(process, errorLog);
    }

    private void readStatus() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = STATUS.matcher(line);
                if (m.find()) {
                    status = new Status(
                            m.group(1),
                            Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)));
                } else {
                    synchronized (otherLines) {
                        otherLines.addLast(line);
                        if (otherLines.size() > KEPT_LINES) {
                            otherLines.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; failure() says so
        }
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** What the last status line said (at most {@code STATUS_INTERVAL} old while it runs). */
    Status status() {
        return status;
    }

    /**
     * Waits until a status line says RUNNING and {@code held} packets held.
     *
     * @return false on timeout
     * @throws IllegalStateException if the process exits meanwhile
     */
    boolean awaitRunningWith(long held, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            failure().ifPresent(f -> {
                throw new IllegalStateException(f);
            });
            Status s = status;
            if (s.running() && s.held() == held) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }

    /**
     * A copy of the error log outside the work directory, which the bench deletes on its way out: the
     * failure names this one, so the user can still open it. Made once; the original when copying fails.
     */
    private synchronized Path keptErrorLog() {
        if (keptErrorLog == null) {
            try {
                Path copy = Files.createTempFile(
                        "mixnet-bench-" + errorLog.getFileName().toString().replace(".err.log", "") + "-", ".err.log");
                Files.copy(errorLog, copy, StandardCopyOption.REPLACE_EXISTING);
                keptErrorLog = copy;
            } catch (IOException | RuntimeException e) {
                keptErrorLog = errorLog;
            }
        }
        return keptErrorLog;
    }

    /** Why the process stopped, if it has: its exit code and its last lines. */
    Optional<String> failure() {
        if (process.isAlive()) {
            return Optional.empty();
        }
        List<String> last;
        synchronized (otherLines) {
            last = new ArrayList<>(otherLines);
        }
        String err = "";
        try {
            List<String> lines = Files.readAllLines(errorLog, StandardCharsets.UTF_8);
            err = String.join("\n", lines.subList(Math.max(0, lines.size() - KEPT_LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            // no error log
        }
        return Optional.of("the mixer process exited with code " + process.exitValue() + "; its last output: "
                + String.join("\n", last) + "\n" + err + "\n(full log: " + keptErrorLog() + ")");
    }

    /**
     * The mixer's heap in use right after a full collection, MiB: attaches to the process, starts its
     * local JMX agent, asks the memory MXBean for a collection and then for heap usage.
     *
     * @throws IOException if the process cannot be attached to (needs a JDK, same user)
     */
    double heapAfterGcMiB() throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(process.pid()));
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the mixer process " + process.pid() + ": " + e.getMessage(), e);
        }
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
                        c.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
                memory.gc();
                memory.gc();
                return memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            }
        } finally {
            vm.detach();
        }
    }

    /** The process's resident set size (Linux {@code /proc/<pid>/status}), MiB; -1 elsewhere. */
    double rssMiB() {
        return PoolBench.rssMiB(Path.of("/proc", Long.toString(process.pid()), "status"));
    }

    /** Kills the process with SIGKILL, as a crash or an OOM killer would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Stops the process (SIGTERM: the mixer closes cleanly), SIGKILL after 60 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // this JVM is exiting: the hook runs, and the process is gone anyway
        }
    }
}
