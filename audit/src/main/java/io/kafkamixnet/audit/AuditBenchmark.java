package io.kafkamixnet.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How fast the auditor reads and links topic logs: writes a synthetic log directory of a timed mixer
 * ({@link SyntheticNetworkLog}), then reads and audits it three times and prints records per second.
 * A benchmark, not a test: run it with
 * {@code java -cp cli/target/mixnet.jar io.kafkamixnet.audit.AuditBenchmark [rounds] [maxBatch] [clients]}.
 */
public final class AuditBenchmark {

    private AuditBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int maxBatch = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("mixnet-audit-bench-");
        try {
            long t0 = System.nanoTime();
            long written = SyntheticNetworkLog.write(dir, rounds, maxBatch, clients, 1);
            System.out.printf(
                    Locale.ROOT,
                    "wrote %,d records (%d rounds of 1..%d packets from %d clients) in %.1f s%n",
                    written,
                    rounds,
                    maxBatch,
                    clients,
                    (System.nanoTime() - t0) / 1e9);
            for (int run = 1; run <= 3; run++) {
                long start = System.nanoTime();
                AuditReport r = Auditor.audit(dir, null, null, null);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %,d records read and audited in %.2f s (read %.2f s, linked %.2f s): %,.0f records/s;"
                                + " %d exit records, mean sender entropy %.3f bits%n",
                        run,
                        r.recordsRead(),
                        seconds,
                        r.readMillis() / 1000.0,
                        r.analyseMillis() / 1000.0,
                        r.recordsRead() / seconds,
                        r.endToEnd().messages(),
                        r.endToEnd().mean());
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
