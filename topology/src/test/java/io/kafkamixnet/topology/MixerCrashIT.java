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
 * commit) while it holds packets; a new instance with an empty state directory takes over,
 * restores the pool from the changelog and releases every packet exactly once.
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

        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MixerChildProcess.class.getName(),
                        properties.toString(),
                        cluster.bootstrapServers())
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
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
        try {
            awaitLine(lines, "RUNNING", Duration.ofSeconds(90), transcript);
            List<String> payloads = new ArrayList<>();
            List<byte[]> first = new ArrayList<>();
            for (int i = 0; i < BEFORE_CRASH; i++) {
                payloads.add("before-" + i);
                first.add(net.exitPacket(payloads.get(i)));
            }
            net.produce(net.topic("mix-a.in"), 1, first);
            awaitLine(lines, "HELD " + BEFORE_CRASH, Duration.ofSeconds(60), transcript);
            Thread.sleep(500); // a few commit intervals: the held packets are in the committed changelog
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        settings.put("state.dir", work.resolve("takeover-state").toString());
        MixerConfig config = MixerConfig.fromMap(settings, null);
        try (MixerApplication takeover = MixerApplication.create(config, net.clientSettings())) {
            takeover.start();
            assertThat(takeover.awaitRunning(Duration.ofSeconds(90))).isTrue();
            List<byte[]> second = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < BEFORE_CRASH; i++) {
                expected.add("before-" + i);
            }
            for (int i = 0; i < THRESHOLD - BEFORE_CRASH; i++) {
                expected.add("after-" + i);
                second.add(net.exitPacket("after-" + i));
            }
            net.produce(net.topic("mix-a.in"), 1, second);
            List<ConsumerRecord<byte[], byte[]>> out;
            try (var consumer = net.consumer(true)) {
                out = LiveNetwork.readCommitted(
                        consumer, net.topic("exit.survey"), THRESHOLD, Duration.ofSeconds(120), Duration.ofSeconds(2));
            }
            List<String> got =
                    out.stream().map(r -> LiveNetwork.payload(r.value())).toList();
            assertThat(got)
                    .as("every packet exactly once")
                    .hasSize(THRESHOLD)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(takeover.metrics().batchStats().count()).isEqualTo(1);
            assertThat(takeover.metrics().heldCount()).isZero();
            assertThat(takeover.metrics().rejections().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isZero();
        }
    }

    private static void awaitLine(BlockingQueue<String> lines, String wanted, Duration timeout, List<String> transcript)
            throws InterruptedException {
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
}
