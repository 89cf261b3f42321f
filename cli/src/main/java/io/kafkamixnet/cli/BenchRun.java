package io.kafkamixnet.cli;

import io.kafkamixnet.cli.bench.ProgressLine;
import io.kafkamixnet.cli.bench.ScratchDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The frame every {@code mixnet bench} phase runs in: the narration (standard error under
 * {@code --json}, so standard output holds only the document), the cluster (embedded unless given), a
 * temporary work directory and a progress line; then the result as JSON or as a table.
 */
final class BenchRun {

    /** One phase's measurement on the opened cluster. */
    interface Measurement<R> {
        R run(BenchCluster cluster, Path workDir, PrintWriter narration, ProgressLine progress)
                throws IOException, InterruptedException;
    }

    /** The JSON document of a result. */
    interface JsonForm<R> {
        String of(R result) throws IOException;
    }

    private BenchRun() {}

    /**
     * Runs {@code measurement} and prints its result: {@code json} alone on standard output under
     * {@code --json}, else an empty line and {@code table}.
     *
     * @return the result, for the exit code
     */
    static <R> R run(
            CommandSpec spec,
            BenchOptions bench,
            Measurement<R> measurement,
            JsonForm<R> json,
            BiConsumer<R, PrintWriter> table)
            throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // Created before the library log takes System.err over, so it stays the real standard error.
        PrintWriter narration = bench.json ? spec.commandLine().getErr() : out;
        R result;
        try (ScratchDirectory workDir = ScratchDirectory.create("mixnet-bench-");
                BenchCluster cluster = BenchCluster.open(bench.cluster, narration)) {
            result = measurement.run(
                    cluster, workDir.path(), narration, new ProgressLine(narration, System.console() != null));
        }
        if (bench.json) {
            out.println(json.of(result));
            out.flush();
        } else {
            out.println();
            table.accept(result, out);
        }
        return result;
    }
}
