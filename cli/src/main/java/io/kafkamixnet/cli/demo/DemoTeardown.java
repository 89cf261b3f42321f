package io.kafkamixnet.cli.demo;

import io.kafkamixnet.cli.bench.ScratchDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a demo run leaves to undo, undone once: its network (mixers, service, clients), its embedded
 * broker with its data, and its work directory (the mixers' private keys and state). A run that ends
 * calls {@link #finish()}; a run stopped by Ctrl-C or {@code kill} never reaches it (the JVM runs only its
 * shutdown hooks), so the hook {@link #install()} adds does the same and says so, and nothing of the run
 * stays behind in the temporary directory but the library log the demo named on its first line.
 */
public final class DemoTeardown {

    private final Path workDir;
    private final Path libraryLog;
    private final PrintWriter out;
    private final Thread hook = new Thread(this::stopped, "mixnet-demo-teardown");

    private volatile DemoNetwork network;
    private volatile AutoCloseable broker;
    private volatile boolean keptForAudit;
    private boolean done;

    public DemoTeardown(Path workDir, Path libraryLog, PrintWriter out) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.libraryLog = Objects.requireNonNull(libraryLog, "libraryLog");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Undoes the run when the JVM is stopped before {@link #finish()}. */
    public DemoTeardown install() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    public void broker(AutoCloseable broker) {
        this.broker = broker;
    }

    /** The running network, or null once the run closed it. */
    public void network(DemoNetwork network) {
        this.network = network;
    }

    /** The broker is kept for an audit: stopping it then is what the user asked for, not an interruption. */
    public void keptForAudit() {
        this.keptForAudit = true;
    }

    /** The run ended: closes the broker and deletes the work directory (the run closed its network). */
    public void finish() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            closeBrokerAndDelete();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook finds the run done
        }
    }

    private synchronized void stopped() {
        if (done) {
            return;
        }
        done = true;
        out.println();
        out.println(
                keptForAudit
                        ? "Stopping the kept broker and deleting its data..."
                        : "Interrupted: stopping the clients, the service, the mixers and the broker...");
        out.flush();
        DemoNetwork n = network;
        try {
            if (n != null) {
                n.close();
            }
        } finally {
            closeBrokerAndDelete();
        }
        out.println("Stopped. Deleted the run's keys and state (" + workDir + ") and the broker's data; the library"
                + " log is kept: " + libraryLog);
        out.flush();
    }

    /** Deletes the work directory (private keys) whatever stopping the broker throws, an Error included. */
    private void closeBrokerAndDelete() {
        AutoCloseable b = broker;
        try {
            if (b != null) {
                b.close();
            }
        } catch (Exception e) {
            out.println("Stopping the broker failed: " + e);
        } finally {
            ScratchDirectory.deleteRecursively(workDir);
        }
    }
}
