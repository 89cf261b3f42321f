package io.kafkamixnet.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The numbers of a fault run: printed to the test output and appended to
 * {@code target/fault-suite-summary.txt}, one block per scenario.
 */
public final class FaultSummary {

    private static final Path FILE = Path.of("target", "fault-suite-summary.txt");

    private FaultSummary() {}

    public static void print(String scenario, List<String> lines) {
        StringBuilder b = new StringBuilder("== fault suite: " + scenario + "\n");
        lines.forEach(l -> b.append("   ").append(l).append('\n'));
        System.out.print(b);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(
                    FILE, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "min a ms, median b ms, max c ms (n samples)". */
    public static String distribution(List<Duration> samples) {
        List<Long> ms = new ArrayList<>();
        samples.forEach(d -> ms.add(d.toMillis()));
        Collections.sort(ms);
        if (ms.isEmpty()) {
            return "no samples";
        }
        return "min " + ms.get(0) + " ms, median " + ms.get(ms.size() / 2) + " ms, max " + ms.get(ms.size() - 1)
                + " ms (" + ms.size() + " samples)";
    }
}
