package io.kafkamixnet.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time this JVM process has used, in nanoseconds, over all its threads: the mixer's, the
 * producer's, the reader's and, on the embedded broker, the broker's. Empty where the JVM does not
 * expose it ({@code com.sun.management.OperatingSystemMXBean} is absent or answers -1).
 */
final class ProcessCpu {

    private ProcessCpu() {}

    static OptionalLong nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
        }
        return OptionalLong.empty();
    }

    /**
     * CPU time of this JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}), in nanoseconds, from
     * {@code /proc/self/task/<tid>/stat} (Linux; empty elsewhere or if it cannot be read). Compiler
     * threads that ended since an earlier reading are not counted, so a difference of two readings is
     * a lower bound. The clock tick is taken as 10 ms ({@code USER_HZ} = 100, as on every Linux kernel
     * Java runs on), so readings move in steps of 10 ms per thread.
     */
    static OptionalLong compilerNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException endedMeanwhile) {
                    continue;
                }
                // "tid (comm) state ppid ..."; comm may hold spaces and parentheses, so cut at the last ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String comm = stat.substring(open + 1, close);
                if (!comm.contains("CompilerThre")) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                // After the comm: state is field 3 of stat(5), utime 14 and stime 15.
                ticks += Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * 10_000_000L);
    }

    /** The one-minute system load average, or a negative number where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
