package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.cli.bench.HostileRecords.Hostile;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The throughput and latency phases of {@code mixnet bench}: a real mixer per strategy next to a plain
 * Kafka Streams exactly_once_v2 pass-through, on the same cluster in the same run.
 *
 * <p><b>Throughput.</b> N real two-hop packets for the mixer (it relays each to its next hop) are
 * built once, in parallel and untimed, and produced to a fresh ingress topic of each application
 * before it starts, each to the partition it is bound to. The clock runs from the moment every
 * instance is RUNNING until as many records as the application can emit (a pool keeps its minimum,
 * a threshold mix its remainder: {@link BenchStrategy#expectedOut}) are committed on its output
 * topic and visible to a read_committed consumer. Process CPU and the bytes the brokers hold for the
 * application's topics (output, changelogs, everything but the ingress) are measured over the same
 * span, per packet.
 *
 * <p><b>Latency.</b> Each application runs on fresh topics while one producer sends exit packets at a
 * steady rate (linger 0); a read_committed consumer takes receive time minus send time. The added
 * latency of a mixer is its percentile minus the pass-through's: the strategy's own delay (a timed
 * mix of 100 ms holds a packet 50 ms on average) plus what the mixer costs.
 *
 * <p>Every application gets its own topics and application id under one run id; they are deleted at
 * the end.
 */
public final class FlowBench {

    /**
     * Settings of one run.
     *
     * @param strategies  the mixers to measure, each against the same pass-through
     * @param packets     packets per application in the throughput phase (0: no throughput phase)
     * @param rate        packets per second in the latency phase
     * @param seconds     length of the latency phase per application (0: no latency phase)
     * @param partitions  ingress partitions (stream tasks)
     * @param threads     stream threads per instance
     * @param instances   instances of each application in this process
     * @param warmUp      packets sent through a mixer untimed first, so the JIT has compiled the path
     */
    public record Settings(
            List<BenchStrategy> strategies,
            int packets,
            int rate,
            int seconds,
            int partitions,
            int threads,
            int instances,
            short replicationFactor,
            int warmUp) {
        public Settings {
            strategies = List.copyOf(strategies);
            if (strategies.isEmpty()) {
                throw new IllegalArgumentException("expected at least one strategy");
            }
            if (packets < 0 || seconds < 0 || warmUp < 0) {
                throw new IllegalArgumentException("expected packets, seconds and warm-up >= 0, found " + packets + ", "
                        + seconds + ", " + warmUp);
            }
            if (packets == 0 && seconds == 0) {
                throw new IllegalArgumentException("expected a throughput or a latency phase (packets or seconds > 0)");
            }
            if (rate < 1) {
                throw new IllegalArgumentException("expected a latency rate of at least 1 packet/s, found " + rate);
            }
            if (partitions < 1 || threads < 1 || instances < 1) {
                throw new IllegalArgumentException("expected partitions, threads and instances >= 1, found "
                        + partitions + ", " + threads + ", " + instances);
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final AvroCodec<ExitMessage> EXIT_MESSAGES = AvroCodec.of(ExitMessage.class);

    private final ClientSettings cluster;
    private final String clusterName;
    private final Settings settings;
    private final Path workDir;
    private final PrintWriter narration;
    private final ProgressLine progress;
    private final long started = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private Path keys;
    private BenchTarget target;

    public FlowBench(
            ClientSettings cluster,
            String clusterName,
            Settings settings,
            Path workDir,
            PrintWriter narration,
            ProgressLine progress) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.narration = Objects.requireNonNull(narration, "narration");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs the phases and returns the report; every application is closed and this run's topics are
     * deleted after.
     *
     * @throws IllegalStateException if an application fails or does not finish in time
     */
    public FlowReport run() throws IOException, InterruptedException {
        double load = ProcessCpu.loadAverage();
        keys = workDir.resolve("keys");
        target = provisionKeys();
        String prefix = "mixnet-bench-" + runId;
        List<FlowResult> throughput = new ArrayList<>();
        List<FlowResult> latency = new ArrayList<>();
        try (Admin admin = Admin.create(cluster.asClientConfig())) {
            TopicBytes bytes = new TopicBytes(admin);
            try {
                if (settings.packets() > 0) {
                    List<Hostile> packets = build(settings.packets(), "throughput");
                    if (settings.warmUp() > 0) {
                        say("Warming up: " + Math.min(settings.warmUp(), packets.size()) + " packets through a "
                                + settings.strategies().get(0).label() + " mixer (not timed)");
                        throughput(
                                admin,
                                bytes,
                                "warmup",
                                settings.strategies().get(0),
                                packets.subList(0, Math.min(settings.warmUp(), packets.size())),
                                null);
                    }
                    FlowResult pass = throughput(admin, bytes, "pass", null, packets, null);
                    throughput.add(pass);
                    for (BenchStrategy s : settings.strategies()) {
                        throughput.add(throughput(admin, bytes, s.strategy().label(), s, packets, pass));
                    }
                }
                if (settings.seconds() > 0) {
                    int total = settings.rate() * settings.seconds();
                    List<Hostile> packets = buildExits(total);
                    FlowResult pass = latency(admin, "pass-lat", null, packets, null);
                    latency.add(pass);
                    for (BenchStrategy s : settings.strategies()) {
                        latency.add(latency(admin, s.strategy().label() + "-lat", s, packets, pass));
                    }
                }
            } finally {
                BenchTopics.deleteWithPrefix(admin, prefix, this::say);
            }
        }
        MixerConfig sample =
                MixerConfig.fromMap(mixerConfig("sample", settings.strategies().get(0)), workDir);
        return new FlowReport(
                "flow",
                new FlowReport.Setup(
                        clusterName,
                        settings.packets(),
                        settings.rate(),
                        settings.seconds(),
                        settings.partitions(),
                        settings.threads(),
                        settings.instances(),
                        target.packetSize(),
                        sample.processingGuarantee(),
                        Runtime.getRuntime().availableProcessors(),
                        load,
                        System.getProperty("java.version")),
                throughput,
                latency);
    }

    /** Keys for the current and next epoch, a pool store key and an identity, shared by every mixer of the run. */
    private BenchTarget provisionKeys() throws IOException {
        EpochSchedule schedule = EpochSchedule.defaults();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        MixerKeys.provision(keys, epoch, 2, random);
        MixPublicKey mixerKey = null;
        for (MixPrivateKey k : MixKeyFiles.readAll(keys)) {
            if (k.epoch() == epoch) {
                mixerKey = k.publicKey();
            }
            k.destroy();
        }
        if (mixerKey == null) {
            throw new IllegalStateException("no key for epoch " + epoch + " in " + keys);
        }
        MixPrivateKey nextHop = MixPrivateKey.generate(epoch, random);
        MixPublicKey nextHopKey = nextHop.publicKey();
        nextHop.destroy();
        Geometry geometry = MixerConfig.fromMap(
                        mixerConfig("sample", settings.strategies().get(0)), workDir)
                .geometry();
        return new BenchTarget(
                "(per application)", settings.partitions(), geometry, mixerKey, BenchMixer.NEXT_HOP_ID, nextHopKey);
    }

    private Map<String, String> mixerConfig(String app, BenchStrategy strategy) {
        return BenchMixer.config(
                cluster,
                strategy.properties(),
                appPrefix(app),
                settings.partitions(),
                settings.threads(),
                settings.replicationFactor(),
                keys);
    }

    private String appPrefix(String app) {
        return "mixnet-bench-" + runId + "-" + app;
    }

    private List<Hostile> build(int n, String what) {
        say("Building " + n + " real packets for the " + what + " phase, on "
                + Runtime.getRuntime().availableProcessors() + " cores (not timed)");
        List<Hostile> packets = new HostileRecords(target, random).build(HostileKind.REPLAY, n);
        say("Built " + n + " packets of " + packets.get(0).value().length + " bytes");
        return packets;
    }

    /** Exit packets whose payload starts with their index: the mixer's exit record names its send time. */
    private List<Hostile> buildExits(int n) {
        say("Building " + n + " exit packets for the latency phase (not timed)");
        Sphinx sphinx = new Sphinx(target.geometry(), random);
        PacketEnvelopeCodec envelopes = PacketEnvelopeCodec.forPacketSize(target.packetSize());
        return IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> {
                    byte[] packet = sphinx.createForwardPacket(
                            List.of(new Hop(target.mixerKey(), HopInstruction.exit(BenchMixer.EXIT_SERVICE, 0))),
                            ByteBuffer.allocate(64).putLong(i).array());
                    return new Hostile(
                            PartitionBinding.partitionFor(packet, settings.partitions()),
                            envelopes.encode(target.epoch(), packet));
                })
                .toList();
    }

    /** Times one application over {@code packets}; {@code strategy} null is the pass-through. */
    private FlowResult throughput(
            Admin admin, TopicBytes bytes, String app, BenchStrategy strategy, List<Hostile> packets, FlowResult pass)
            throws IOException, InterruptedException {
        String name = strategy == null ? "pass-through" : strategy.label();
        String prefix = appPrefix(app);
        long[] perPartition = new long[settings.partitions()];
        packets.forEach(h -> perPartition[h.partition()]++);
        long expected = strategy == null ? packets.size() : strategy.expectedOut(perPartition);
        try (Deployed d = deploy(admin, app, strategy)) {
            awaitLeaders(admin, d.in);
            say(name + ": producing " + packets.size() + " packets to " + d.in + " (not timed)");
            try (KafkaProducer<byte[], byte[]> producer = producer(5)) {
                send(producer, d.in, packets).join();
            }
            try (OutputReader reader = new OutputReader(cluster, d.out, null)) {
                Map<String, Long> before = bytes.withPrefix(prefix);
                long starting = System.nanoTime();
                d.app.start();
                if (!d.app.awaitRunning(START_TIMEOUT)) {
                    throw new IllegalStateException(name + " did not reach RUNNING within "
                            + START_TIMEOUT.toSeconds() + " s"
                            + d.app.failure().map(f -> ": " + f.getMessage()).orElse(""));
                }
                long t0 = System.nanoTime();
                OptionalLong cpu0 = ProcessCpu.nanos();
                OptionalLong jit0 = ProcessCpu.compilerNanos();
                await(name, "out", expected, reader::count, d.app);
                long t1 = System.nanoTime();
                OptionalLong cpu1 = ProcessCpu.nanos();
                OptionalLong jit1 = ProcessCpu.compilerNanos();
                Map<String, Long> after = bytes.withPrefix(prefix);
                if (d.app instanceof MixerGroup m && m.rejected() > 0) {
                    throw new IllegalStateException(
                            name + " rejected " + m.rejected() + " of the benchmark's packets; see the library log");
                }
                double seconds = (t1 - t0) / 1e9;
                long n = packets.size();
                Double cpu =
                        cpu0.isPresent() && cpu1.isPresent() ? (cpu1.getAsLong() - cpu0.getAsLong()) / 1e3 / n : null;
                Double jit = cpu != null && jit0.isPresent() && jit1.isPresent()
                        ? Math.max(0, jit1.getAsLong() - jit0.getAsLong()) / 1e3 / n
                        : null;
                long outBytes = delta(before, after, t -> t.equals(d.out));
                long changelogBytes = delta(before, after, t -> t.endsWith("-changelog"));
                long allBytes = delta(before, after, t -> !t.equals(d.in));
                double rate = expected / seconds;
                FlowResult r = FlowResult.throughput(
                        name,
                        n,
                        expected,
                        seconds,
                        rate,
                        pass == null ? null : rate / pass.packetsPerSecond(),
                        cpu,
                        jit,
                        before.isEmpty() && after.isEmpty() ? null : (double) outBytes / n,
                        before.isEmpty() && after.isEmpty() ? null : (double) changelogBytes / n,
                        before.isEmpty() && after.isEmpty() ? null : (double) allBytes / n);
                say(String.format(
                        Locale.ROOT,
                        "%s: %d packets out in %.2f s after RUNNING: %.0f packets/s%s (start-up %.1f s, CPU %s%s)",
                        name,
                        expected,
                        seconds,
                        rate,
                        r.ratio() == null ? "" : String.format(Locale.ROOT, ", %.2fx pass-through", r.ratio()),
                        (t0 - starting) / 1e9,
                        cpu == null ? "n/a" : String.format(Locale.ROOT, "%.0f us/packet", cpu),
                        jit == null ? "" : String.format(Locale.ROOT, ", of which JIT %.0f", jit)));
                return r;
            }
        }
    }

    /** Measures one application's end-to-end latency at the steady rate. */
    private FlowResult latency(Admin admin, String app, BenchStrategy strategy, List<Hostile> packets, FlowResult pass)
            throws IOException, InterruptedException {
        String name = strategy == null ? "pass-through" : strategy.label();
        // Written by the sender thread, read by the reader's: volatile enough through the producer's
        // own synchronisation (a record is read only after its send).
        long[] sentAt = new long[packets.size()];
        java.util.Arrays.fill(sentAt, -1);
        Map<Long, Integer> byTail = new ConcurrentHashMap<>();
        if (strategy == null) {
            for (int i = 0; i < packets.size(); i++) {
                byTail.put(tail(packets.get(i).value()), i);
            }
        }
        try (Deployed d = deploy(admin, app, strategy)) {
            awaitLeaders(admin, d.in);
            d.app.start();
            if (!d.app.awaitRunning(START_TIMEOUT)) {
                throw new IllegalStateException(name + " did not reach RUNNING within "
                        + START_TIMEOUT.toSeconds() + " s"
                        + d.app.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
            say(name + ": sending " + packets.size() + " packets at " + settings.rate() + "/s for " + settings.seconds()
                    + " s");
            try (OutputReader reader = new OutputReader(cluster, d.out, r -> sentTime(r, strategy, byTail, sentAt));
                    KafkaProducer<byte[], byte[]> producer = producer(0)) {
                Thread sender = new Thread(() -> sendSteadily(producer, d.in, packets, sentAt), "mixnet-bench-sender");
                sender.start();
                BenchStrategy s = strategy;
                long expected = s == null ? packets.size() : s.expectedOut(perPartition(packets));
                await(name, "out", expected, reader::count, d.app);
                sender.join();
                long[] sorted = reader.sortedLatencies();
                long p50 = percentile(sorted, 0.50);
                long p99 = percentile(sorted, 0.99);
                FlowResult r = FlowResult.latency(
                        name,
                        packets.size(),
                        sorted.length,
                        p50,
                        p99,
                        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                        pass == null ? null : p50 - pass.p50Millis(),
                        pass == null ? null : p99 - pass.p99Millis());
                say(String.format(
                        Locale.ROOT,
                        "%s: latency p50 %d ms, p99 %d ms, max %d ms over %d packets",
                        name,
                        p50,
                        p99,
                        r.maxMillis(),
                        sorted.length));
                return r;
            }
        }
    }

    private long[] perPartition(List<Hostile> packets) {
        long[] counts = new long[settings.partitions()];
        packets.forEach(h -> counts[h.partition()]++);
        return counts;
    }

    private static long sentTime(
            ConsumerRecord<byte[], byte[]> r, BenchStrategy strategy, Map<Long, Integer> byTail, long[] sentAt) {
        int index;
        if (strategy == null) {
            Integer i = byTail.get(tail(r.value()));
            if (i == null) {
                return -1;
            }
            index = i;
        } else {
            ByteBuffer payload = EXIT_MESSAGES.decode(r.value()).getPayload();
            index = (int) payload.getLong(payload.position());
        }
        return index >= 0 && index < sentAt.length ? sentAt[index] : -1;
    }

    /** The last 8 bytes of a record: ciphertext, unique per packet with overwhelming probability. */
    private static long tail(byte[] value) {
        return ByteBuffer.wrap(value, value.length - 8, 8).getLong();
    }

    private void sendSteadily(
            KafkaProducer<byte[], byte[]> producer, String topic, List<Hostile> packets, long[] sentAt) {
        long intervalNanos = 1_000_000_000L / settings.rate();
        long next = System.nanoTime();
        for (int i = 0; i < packets.size(); i++) {
            Hostile h = packets.get(i);
            sentAt[i] = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(topic, h.partition(), null, h.value()));
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        producer.flush();
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** One application with its topics created (not started), and where it reads and writes. */
    private record Deployed(BenchApp app, String in, String out) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }

    private Deployed deploy(Admin admin, String app, BenchStrategy strategy) throws IOException {
        Path state = workDir.resolve("state").resolve(app);
        if (strategy == null) {
            String prefix = appPrefix(app);
            String in = prefix + ".in";
            String out = prefix + ".out";
            new TopicProvisioner(admin)
                    .ensure(List.of(
                            TopicSpec.mixerIngress(in, settings.partitions(), target.packetSize()),
                            TopicSpec.mixerIngress(out, settings.partitions(), target.packetSize())));
            return new Deployed(
                    new PassThrough(cluster, prefix, in, out, settings.instances(), settings.threads(), state),
                    in,
                    out);
        }
        Map<String, String> config = mixerConfig(app, strategy);
        MixerGroup group = new MixerGroup(cluster, config, settings.instances(), state);
        try {
            group.provisionTopics(admin);
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
        boolean latency = app.endsWith("-lat");
        return new Deployed(
                group,
                config.get("topic.ingress"),
                latency ? BenchMixer.exitTopic(appPrefix(app)) : BenchMixer.nextHopTopic(appPrefix(app)));
    }

    /**
     * Waits until every partition of a topic just created has a leader: a producer that writes
     * before the broker has settled can see its first batches refused and then fail with an out of
     * order sequence.
     */
    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                var description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (description.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // not known yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static long delta(
            Map<String, Long> before, Map<String, Long> after, java.util.function.Predicate<String> topics) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (topics.test(e.getKey())) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }

    /** Sends every record on another thread; completes when the producer acknowledged them all. */
    static CompletableFuture<Void> send(KafkaProducer<byte[], byte[]> producer, String topic, List<Hostile> records) {
        AtomicReference<Exception> firstError = new AtomicReference<>();
        return CompletableFuture.runAsync(() -> {
            for (Hostile h : records) {
                producer.send(new ProducerRecord<>(topic, h.partition(), null, h.value()), (md, e) -> {
                    if (e != null) {
                        firstError.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            Exception e = firstError.get();
            if (e != null) {
                throw new IllegalStateException(
                        "sending to " + topic + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Waits until {@code done} reaches {@code target}, showing progress; fails on a failure or timeout. */
    private void await(String name, String what, long target, LongSupplier done, BenchApp app)
            throws InterruptedException {
        // Generous: a slow shared machine must not fail a run; 50 packets/s is far below anything measured.
        Duration timeout = Duration.ofMinutes(2).plusSeconds(target / 50 + settings.seconds());
        long deadline = System.nanoTime() + timeout.toNanos();
        long t0 = System.nanoTime();
        long now;
        while ((now = done.getAsLong()) < target) {
            app.failure().ifPresent(f -> {
                throw new IllegalStateException(name + " failed: " + f.getMessage(), f);
            });
            if (System.nanoTime() > deadline) {
                progress.finish();
                throw new IllegalStateException(name + ": only " + now + " of " + target + " packets " + what
                        + " after " + timeout.toSeconds() + " s");
            }
            progress.show(ProgressLine.bar(name, now, target, (System.nanoTime() - t0) / 1e9));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        progress.show(ProgressLine.bar(name, now, target, (System.nanoTime() - t0) / 1e9));
        progress.finish();
    }

    private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        // batch.size stays at its default: the packet topics' record batch limit (docs/mixing.md).
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "mixnet-bench-producer");
        // Not idempotent: on the embedded broker an idempotent producer loading a fresh topic at full
        // speed has been seen to loop on OutOfOrderSequenceException until its delivery timeout. One
        // request in flight keeps the order; a duplicate would show up as a rejected replay, which
        // fails the run rather than skewing it.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void say(String what) {
        narration.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
        narration.flush();
    }
}
