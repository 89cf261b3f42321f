package io.kafkamixnet.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
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

    /** The one-minute system load average, or a negative number where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
