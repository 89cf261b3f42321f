package io.kafkamixnet.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A progress line: rewritten in place on a terminal, and a plain line at most every few seconds
 * elsewhere (logs, CI), so a redirected run neither floods its log nor looks hung.
 */
public final class ProgressLine {

    private static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPrinted = System.nanoTime();
    private String last = "";

    /** Writes to {@code out}; {@code terminal} says whether it is an interactive console. */
    public ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows {@code line} now on a terminal, or if it changed and none was printed for a while. */
    public void show(String line) {
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (!line.equals(last) && now - lastPrinted > PLAIN_EVERY_NANOS) {
            out.println(line);
            out.flush();
            lastPrinted = now;
        }
        last = line;
    }

    /** Ends the line on a terminal; nothing elsewhere (the caller prints the outcome). */
    public void finish() {
        if (terminal && !last.isEmpty()) {
            out.println();
            out.flush();
        }
        last = "";
    }

    /** A progress bar: {@code name [#####.....] done/total  rate/s}. */
    public static String bar(String name, long done, long total, double seconds) {
        int width = 30;
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        return String.format(
                java.util.Locale.ROOT,
                "  %-24s [%s%s] %d/%d  %.0f/s",
                name,
                "#".repeat(filled),
                ".".repeat(width - filled),
                done,
                total,
                seconds > 0 ? done / seconds : 0.0);
    }
}
