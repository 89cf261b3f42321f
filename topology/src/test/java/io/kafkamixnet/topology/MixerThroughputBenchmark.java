package io.kafkamixnet.topology;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.testkit.ClusterMode;
import io.kafkamixnet.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Throughput and added latency of one mixer on the embedded broker, next to a plain Kafka Streams
 * pass-through (same broker, same exactly_once_v2 settings, same 2 KiB-class envelopes) in the
 * same run. Not a test: a measurement that prints numbers.
 *
 * <pre>
 *   mvn -q -o -pl topology test-compile
 *   java -cp "$(cat cp.txt):topology/target/classes:topology/target/test-classes" \
 *       io.kafkamixnet.topology.MixerThroughputBenchmark [packets=20000] [latencyRatePerSecond=200] [latencySeconds=10]
 * </pre>
 *
 * <ol>
 *   <li>Throughput: N envelopes are loaded into the input topic first; the application is then
 *       started and timed from RUNNING to the N-th committed output. The mixer runs timed(100ms).</li>
 *   <li>Latency: envelopes are sent at a steady rate, each carrying its send time; the
 *       read_committed consumer's receive time minus send time is the end-to-end latency. The mixer
 *       runs continuous mixing with a hop delay of 0, so its strategy adds at most one 5 ms tick;
 *       what it adds beyond that, compared with the pass-through, is the mixer's own cost.</li>
 * </ol>
 */
public final class MixerThroughputBenchmark {

    private MixerThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path work = Files.createTempDirectory("mixer-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            KafkaCluster cluster = new KafkaCluster() {
                @Override
                public ClusterMode mode() {
                    return ClusterMode.EMBEDDED;
                }

                @Override
                public String bootstrapServers() {
                    return broker.bootstrapServers();
                }

                @Override
                public Map<String, Object> clientProperties() {
                    return Map.of("bootstrap.servers", broker.bootstrapServers());
                }
            };
            LiveNetwork net = new LiveNetwork(cluster, work);
            System.out.printf(
                    Locale.ROOT,
                    "building %d packets of %d bytes...%n",
                    n,
                    net.sphinx.geometry().packetSize());
            List<byte[]> envelopes = new ArrayList<>(n);
            byte[] payload = new byte[1400];
            for (int i = 0; i < n; i++) {
                envelopes.add(net.envelope(net.exitPacket(payload)));
            }

            double passRate = throughput(net, "pass", envelopes, work, true);
            double mixRate = throughput(net, "mix", envelopes, work, false);
            long[] passLatency = latency(net, "pass-lat", rate, seconds, work, true);
            long[] mixLatency = latency(net, "mix-lat", rate, seconds, work, false);

            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "throughput, %d packets of %d bytes (envelope %d bytes), exactly_once_v2, 1 partition, 1 thread:%n",
                    n,
                    net.sphinx.geometry().packetSize(),
                    envelopes.get(0).length);
            System.out.printf(Locale.ROOT, "  pass-through     %8.0f packets/s%n", passRate);
            System.out.printf(
                    Locale.ROOT,
                    "  mixer timed(100ms) %6.0f packets/s  (%.1f%% of pass-through)%n",
                    mixRate,
                    100 * mixRate / passRate);
            System.out.printf(
                    Locale.ROOT,
                    "end-to-end latency at %d packets/s for %d s (ms, send -> read_committed receive):%n",
                    rate,
                    seconds);
            System.out.printf(
                    Locale.ROOT,
                    "  pass-through               p50 %4d  p90 %4d  p99 %4d  max %4d%n",
                    passLatency[0],
                    passLatency[1],
                    passLatency[2],
                    passLatency[3]);
            System.out.printf(
                    Locale.ROOT,
                    "  mixer continuous(delay 0)  p50 %4d  p90 %4d  p99 %4d  max %4d%n",
                    mixLatency[0],
                    mixLatency[1],
                    mixLatency[2],
                    mixLatency[3]);
            System.out.printf(
                    Locale.ROOT,
                    "  added by the mixer beyond its strategy (<= 5 ms tick): p50 %d ms, p99 %d ms%n",
                    mixLatency[0] - passLatency[0] - 5,
                    mixLatency[2] - passLatency[2] - 5);
        }
    }

    private static Properties eos(String appId, Path stateDir, LiveNetwork net) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, net.cluster.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    /** Starts either a pass-through or a mixer reading {@code in}; returns something to close. */
    private static AutoCloseable startApp(
            LiveNetwork net,
            String name,
            String in,
            String out,
            Path work,
            boolean pass,
            String strategy,
            Map<String, String> strategySettings)
            throws Exception {
        if (pass) {
            StreamsBuilder b = new StreamsBuilder();
            b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            KafkaStreams s = new KafkaStreams(b.build(), eos(net.topic(name), work.resolve(name), net));
            s.start();
            waitRunning(() -> s.state() == KafkaStreams.State.RUNNING);
            return s::close;
        }
        Map<String, String> settings = net.mixerSettings(strategy, strategySettings, 1, 1, work.resolve(name));
        settings.put("mixer.application-id", net.topic(name));
        settings.put("topic.ingress", in);
        settings.put("exit.survey", out);
        settings.remove("kafka.session.timeout.ms");
        settings.remove("kafka.heartbeat.interval.ms");
        settings.remove("kafka.transaction.timeout.ms");
        settings.remove("kafka.commit.interval.ms");
        MixerApplication m = MixerApplication.create(MixerConfig.fromMap(settings, null), net.clientSettings());
        m.start();
        waitRunning(() -> m.state() == KafkaStreams.State.RUNNING);
        return m;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitRunning(Check c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("application did not reach RUNNING");
            }
            Thread.sleep(20);
        }
    }

    private static void createTopics(LiveNetwork net, String... topics) {
        try (Admin admin = Admin.create(net.cluster.clientProperties())) {
            List<TopicSpec> specs = new ArrayList<>();
            for (String t : topics) {
                specs.add(TopicSpec.mixerIngress(t, 1));
            }
            new TopicProvisioner(admin).ensure(specs);
        }
    }

    private static double throughput(LiveNetwork net, String name, List<byte[]> envelopes, Path work, boolean pass)
            throws Exception {
        String in = net.topic(name + ".in");
        String out = net.topic(name + ".out");
        createTopics(net, in, out);
        try (KafkaProducer<byte[], byte[]> producer = net.producer()) {
            for (byte[] e : envelopes) {
                producer.send(new ProducerRecord<>(in, 0, null, e));
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = net.consumer(true)) {
            consumer.subscribe(Set.of(out));
            consumer.poll(Duration.ofMillis(500));
            long start = System.nanoTime();
            try (AutoCloseable app =
                    startApp(net, name, in, out, work, pass, "timed", Map.of("strategy.interval", "100ms"))) {
                long running = System.nanoTime();
                int got = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (got < envelopes.size() && System.nanoTime() < deadline) {
                    got += consumer.poll(Duration.ofMillis(100)).count();
                }
                long end = System.nanoTime();
                if (got < envelopes.size()) {
                    throw new IllegalStateException(name + ": only " + got + " of " + envelopes.size() + " came out");
                }
                double secs = (end - running) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d packets in %.2f s after RUNNING (startup %.1f s)%n",
                        name,
                        got,
                        secs,
                        (running - start) / 1e9);
                return got / secs;
            }
        }
    }

    private static long[] latency(LiveNetwork net, String name, int rate, int seconds, Path work, boolean pass)
            throws Exception {
        String in = net.topic(name + ".in");
        String out = net.topic(name + ".out");
        createTopics(net, in, out);
        int total = rate * seconds;
        List<Long> latencies = new ArrayList<>(total);
        try (AutoCloseable app = startApp(net, name, in, out, work, pass, "continuous", Map.of());
                KafkaConsumer<byte[], byte[]> consumer = net.consumer(true);
                KafkaProducer<byte[], byte[]> producer = net.producer()) {
            consumer.subscribe(Set.of(out));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread sender = new Thread(() -> {
                long intervalNanos = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    byte[] p = ByteBuffer.allocate(1400)
                            .putLong(System.currentTimeMillis())
                            .array();
                    producer.send(new ProducerRecord<>(in, 0, null, net.envelope(net.exitPacket(p))));
                    next += intervalNanos;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        try {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                producer.flush();
            });
            sender.start();
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(seconds + 60L).toNanos();
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    byte[] v = r.value();
                    long sent = pass
                            ? sentTimeOfEnvelope(net, v)
                            : ByteBuffer.wrap(MixFixture.bytes(io.kafkamixnet.topology.serde.AvroSerde.exitMessage()
                                            .deserializer()
                                            .deserialize(out, v)
                                            .getPayload()))
                                    .getLong();
                    latencies.add(now - sent);
                }
            }
            sender.join();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %d of %d latencies%n", name, sorted.length, total);
        return new long[] {pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1]};
    }

    /** The pass-through copies the envelope: open the packet with the mixer key to read the send time. */
    private static long sentTimeOfEnvelope(LiveNetwork net, byte[] envelope) {
        var env = net.envelopes.decode(envelope);
        var r = (io.kafkamixnet.packet.UnwrapResult.Processed)
                net.sphinx.unwrap(net.key, MixFixture.bytes(env.getPacket()));
        return ByteBuffer.wrap(r.output()).getLong();
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
