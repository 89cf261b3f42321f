package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * exactly_once_v2 across a crash: a mixer in a child JVM is killed (SIGKILL, no shutdown hook, no
 * commit, no LeaveGroup) while it holds packets; then either a new instance with an empty state
 * directory takes over, or the same instance (same state directory, so the same instance id) starts
 * again. Either way every packet is released exactly once.
 */
@ExtendWith(KafkaClusterExtension.class)
class MixerCrashIT {

    private static final int THRESHOLD = 30;
    private static final int BEFORE_CRASH = 20;

    @Test
    void aKilledMixerLosesAndDuplicatesNothing(KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings = net.mixerSettings(
                "threshold",
                Map.of("strategy.threshold", Integer.toString(THRESHOLD)),
                1,
                2,
                work.resolve("child-state"));
        Path properties = LiveNetwork.writeProperties(work.resolve("mixer.properties"), settings);

        try (ChildMixer child = ChildMixer.start(properties, cluster)) {
            child.awaitLine("RUNNING", Duration.ofSeconds(90));
            net.produce(net.topic("mix-a.in"), 1, packets(net, "before-", BEFORE_CRASH));
            child.awaitLine("HELD " + BEFORE_CRASH, Duration.ofSeconds(60));
            Thread.sleep(500); // a few commit intervals: the held packets are in the committed changelog
        }

        settings.put("state.dir", work.resolve("takeover-state").toString());
        MixerConfig config = MixerConfig.fromMap(settings, null);
        try (MixerApplication takeover = MixerApplication.create(config, net.clientSettings())) {
            takeover.start();
            assertThat(takeover.awaitRunning(Duration.ofSeconds(90))).isTrue();
            net.produce(net.topic("mix-a.in"), 1, packets(net, "after-", THRESHOLD - BEFORE_CRASH));
            assertEveryPacketOnce(net, Duration.ofSeconds(120));
            assertThat(takeover.metrics().batchStats().count()).isEqualTo(1);
            assertThat(takeover.metrics().heldCount()).isZero();
            assertThat(takeover.metrics().rejections().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isZero();
        }
    }

    /**
     * The same instance killed and started again on its state directory rejoins the group as the
     * static member it was: it is RUNNING and releasing again without waiting for the session timeout
     * of its killed self (here 180 s, longer than Kafka's default 45 s, where the other ITs shorten it).
     * Without static membership this test fails: the restarted instance would sit in REBALANCING for
     * 180 s, twice the bounds below, which are generous so that a busy machine (a JVM start and a
     * changelog restore took over 30 s at load 30) cannot fail it.
     */
    @Test
    void aRestartedInstanceResumesWithoutWaitingForItsSessionTimeout(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings = new HashMap<>(net.mixerSettings(
                "threshold", Map.of("strategy.threshold", Integer.toString(THRESHOLD)), 1, 2, work.resolve("state")));
        settings.put("kafka.session.timeout.ms", "180000");
        settings.remove("kafka.heartbeat.interval.ms");
        settings.remove("kafka.transaction.timeout.ms");
        Path properties = LiveNetwork.writeProperties(work.resolve("mixer.properties"), settings);

        try (ChildMixer first = ChildMixer.start(properties, cluster)) {
            first.awaitLine("RUNNING", Duration.ofSeconds(90));
            net.produce(net.topic("mix-a.in"), 1, packets(net, "before-", BEFORE_CRASH));
            first.awaitLine("HELD " + BEFORE_CRASH, Duration.ofSeconds(60));
            Thread.sleep(500);
        }
        // The rest of the batch waits in the ingress topic while no instance runs.
        net.produce(net.topic("mix-a.in"), 1, packets(net, "after-", THRESHOLD - BEFORE_CRASH));
        long restarted = System.nanoTime();
        try (ChildMixer second = ChildMixer.start(properties, cluster)) {
            second.awaitLine("RUNNING", Duration.ofSeconds(90));
            long running = System.nanoTime();
            // RUNNING within half the 180 s session timeout the restarted instance would otherwise wait out;
            // the bound leaves room for a JVM start and a changelog restore on a busy machine.
            assertEveryPacketOnce(net, Duration.ofSeconds(60));
            long released = System.nanoTime();
            System.out.printf(
                    "restart after kill -9: RUNNING after %d ms, all %d packets released after %d ms%n",
                    (running - restarted) / 1_000_000, THRESHOLD, (released - restarted) / 1_000_000);
            second.awaitLine("HELD 0", Duration.ofSeconds(30));
        }
    }

    /**
     * A pool mixer, whose index of held packets is in the un-logged {@code pool-index} store (RocksDB
     * memory bounded), killed with SIGKILL and started again: the index is wiped and rebuilt from the
     * restored pool store, skipping the entries its release marks name, so the new process holds exactly
     * what the killed one held, and nothing leaves twice or is lost.
     */
    @Test
    void aKilledPoolMixerRebuildsItsIndexFromThePoolStoreAndReleasesNothingTwice(
            KafkaCluster cluster, @TempDir Path work) throws Exception {
        LiveNetwork net = new LiveNetwork(cluster, work);
        Map<String, String> settings = new HashMap<>(net.mixerSettings(
                "pool",
                Map.of("strategy.interval", "1s", "strategy.min-pool", "10", "strategy.fraction", "0.5"),
                1,
                2,
                work.resolve("state")));
        settings.put("state.rocksdb.memory-mib", "16");
        Path properties = LiveNetwork.writeProperties(work.resolve("mixer.properties"), settings);
        try (ChildMixer first = ChildMixer.start(properties, cluster)) {
            first.awaitLine("RUNNING", Duration.ofSeconds(90));
            net.produce(net.topic("mix-a.in"), 1, packets(net, "before-", 30));
            // Rounds take the pool down to its minimum: 30, 15, 10 (or via other counts, as arrivals and
            // rounds interleave); the last rounds leave release marks, not deletes.
            first.awaitSettledAt(10, Duration.ofSeconds(90));
            Thread.sleep(500); // a few commit intervals: the last round is in the committed changelog
        }
        try (ChildMixer second = ChildMixer.start(properties, cluster)) {
            second.awaitLine("RUNNING", Duration.ofSeconds(90));
            second.awaitLine("HELD 10", Duration.ofSeconds(30));
            net.produce(net.topic("mix-a.in"), 1, packets(net, "after-", 10));
            List<ConsumerRecord<byte[], byte[]>> out;
            try (var consumer = net.consumer(true)) {
                out = LiveNetwork.readCommitted(
                        consumer, net.topic("exit.survey"), 30, Duration.ofSeconds(60), Duration.ofSeconds(3));
            }
            List<String> got =
                    out.stream().map(r -> LiveNetwork.payload(r.value())).toList();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sent.add("before-" + i);
            }
            for (int i = 0; i < 10; i++) {
                sent.add("after-" + i);
            }
            assertThat(got)
                    .as("20 released before the crash, 10 after, none twice")
                    .hasSize(30)
                    .doesNotHaveDuplicates()
                    .isSubsetOf(sent);
            second.awaitSettledAt(10, Duration.ofSeconds(30));
        }
    }

    private static List<byte[]> packets(LiveNetwork net, String prefix, int count) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packets.add(net.exitPacket(prefix + i));
        }
        return packets;
    }

    private static void assertEveryPacketOnce(LiveNetwork net, Duration timeout) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < BEFORE_CRASH; i++) {
            expected.add("before-" + i);
        }
        for (int i = 0; i < THRESHOLD - BEFORE_CRASH; i++) {
            expected.add("after-" + i);
        }
        List<ConsumerRecord<byte[], byte[]>> out;
        try (var consumer = net.consumer(true)) {
            out = LiveNetwork.readCommitted(
                    consumer, net.topic("exit.survey"), THRESHOLD, timeout, Duration.ofSeconds(2));
        }
        List<String> got = out.stream().map(r -> LiveNetwork.payload(r.value())).toList();
        assertThat(got)
                .as("every packet exactly once")
                .hasSize(THRESHOLD)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A {@link MixerChildProcess} and its output; closing it kills it with SIGKILL. */
    private static final class ChildMixer implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

        private ChildMixer(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        transcript.add(l);
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static ChildMixer start(Path properties, KafkaCluster cluster) throws java.io.IOException {
            return new ChildMixer(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            MixerChildProcess.class.getName(),
                            properties.toString(),
                            cluster.bootstrapServers())
                    .redirectErrorStream(true)
                    .start());
        }

        void awaitLine(String wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (wanted.equals(l)) {
                    return;
                }
            }
            throw new AssertionError(
                    "child mixer never printed '" + wanted + "'; its output:\n" + String.join("\n", transcript));
        }

        /** Waits until the child printed a held count above {@code held} and then {@code held}. */
        void awaitSettledAt(long held, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean above = false;
            while (System.nanoTime() < deadline) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith("HELD ")) {
                    long n = Long.parseLong(l.substring(5));
                    if (n > held) {
                        above = true;
                    } else if (n == held && above) {
                        return;
                    }
                }
            }
            throw new AssertionError(
                    "child mixer never settled at " + held + " held; its output:\n" + String.join("\n", transcript));
        }

        /** SIGKILL: no shutdown hook, no commit, no LeaveGroup. */
        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
