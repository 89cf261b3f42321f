package io.kafkamixnet.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One application's numbers in a throughput or a latency phase of {@code mixnet bench}; the fields of
 * the other phase are null.
 *
 * @param application              {@code pass-through} or the mixer's strategy with its parameters
 * @param phase                    {@code throughput} or {@code latency}
 * @param packets                  packets sent
 * @param packetsOut               packets that came out and were counted
 * @param seconds                  throughput: from every instance RUNNING to the last packet out
 * @param packetsPerSecond         throughput: packets out per second
 * @param ratio                    throughput: packets/s relative to the pass-through of the same run
 * @param cpuMicrosPerPacket       throughput: CPU of this whole process (broker included when embedded)
 *                                 per packet sent, in microseconds
 * @param jitMicrosPerPacket       throughput: of that CPU, what the JIT compiler threads used (a
 *                                 lower bound; null where it cannot be read): warm-up, not the
 *                                 application's cost per packet in steady state
 * @param outputBytesPerPacket     throughput: bytes the brokers hold for the output topic, per packet
 * @param changelogBytesPerPacket  throughput: bytes of the application's changelog topics, per packet
 * @param writtenBytesPerPacket    throughput: bytes of every topic of the application but its ingress
 *                                 (output, changelogs, dead letters, directory), per packet
 * @param p50Millis                latency: median send-to-committed-receive time
 * @param p99Millis                latency: 99th percentile
 * @param maxMillis                latency: the largest
 * @param addedP50Millis           latency: p50 minus the pass-through's p50
 * @param addedP99Millis           latency: p99 minus the pass-through's p99
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowResult(
        String application,
        String phase,
        long packets,
        long packetsOut,
        Double seconds,
        Double packetsPerSecond,
        Double ratio,
        Double cpuMicrosPerPacket,
        Double jitMicrosPerPacket,
        Double outputBytesPerPacket,
        Double changelogBytesPerPacket,
        Double writtenBytesPerPacket,
        Long p50Millis,
        Long p99Millis,
        Long maxMillis,
        Long addedP50Millis,
        Long addedP99Millis) {

    static FlowResult throughput(
            String application,
            long packets,
            long packetsOut,
            double seconds,
            double packetsPerSecond,
            Double ratio,
            Double cpuMicrosPerPacket,
            Double jitMicrosPerPacket,
            Double outputBytesPerPacket,
            Double changelogBytesPerPacket,
            Double writtenBytesPerPacket) {
        return new FlowResult(
                application,
                "throughput",
                packets,
                packetsOut,
                seconds,
                packetsPerSecond,
                ratio,
                cpuMicrosPerPacket,
                jitMicrosPerPacket,
                outputBytesPerPacket,
                changelogBytesPerPacket,
                writtenBytesPerPacket,
                null,
                null,
                null,
                null,
                null);
    }

    static FlowResult latency(
            String application,
            long packets,
            long packetsOut,
            long p50Millis,
            long p99Millis,
            long maxMillis,
            Long addedP50Millis,
            Long addedP99Millis) {
        return new FlowResult(
                application,
                "latency",
                packets,
                packetsOut,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                p50Millis,
                p99Millis,
                maxMillis,
                addedP50Millis,
                addedP99Millis);
    }
}
