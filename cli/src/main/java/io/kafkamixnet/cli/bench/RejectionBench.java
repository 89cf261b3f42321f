package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.bench.HostileRecords.Hostile;
import io.kafkamixnet.cli.demo.DemoStrategy;
import io.kafkamixnet.topology.MixerApplication;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The rejection phase of {@code mixnet bench}: how fast one real mixer refuses each kind of hostile
 * record, and what each refusal costs in CPU and broker bytes.
 *
 * <p>For each kind, in the mixer's check order: the records are built first (in parallel, untimed);
 * then the clock starts, one producer sends them as fast as it can to the partitions chosen, and the
 * clock stops when as many outcomes as records are visible — committed dead letters (read_committed,
 * so a letter of an aborted transaction never counts) plus packets the mixer accepted. Every record
 * must be dead-lettered with its kind's reason; anything else is reported, not hidden. For
 * {@link HostileKind#REPLAY} the original packets are sent and accepted first, untimed.
 */
public final class RejectionBench {

    /** Settings of one run. */
    public record Settings(
            DemoStrategy strategy,
            int ingressPartitions,
            short replicationFactor,
            List<HostileKind> kinds,
            int records) {
        public Settings {
            Objects.requireNonNull(strategy, "strategy");
            kinds = List.copyOf(kinds);
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("expected at least one record kind");
            }
            if (records < 1) {
                throw new IllegalArgumentException("expected at least 1 record per kind, found " + records);
            }
            if (ingressPartitions < 1) {
                throw new IllegalArgumentException("expected at least 1 ingress partition, found " + ingressPartitions);
            }
            if (kinds.contains(HostileKind.WRONG_PARTITION) && ingressPartitions < 2) {
                throw new IllegalArgumentException(
                        "the wrong-partition kind needs an ingress topic of at least 2 partitions, found "
                                + ingressPartitions);
            }
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** Warm-up records per kind (fewer when fewer are measured). */
    static final int WARM_UP_RECORDS = 2000;

    private final ClientSettings cluster;
    private final String clusterName;
    private final Settings settings;
    private final Path workDir;
    private final PrintWriter narration;
    private final ProgressLine progress;
    private final long started = System.nanoTime();

    /**
     * @param cluster     where the mixer runs
     * @param clusterName how the report names the cluster ({@code embedded} or its bootstrap servers)
     * @param workDir     keys and state stores go here; the caller deletes it
     * @param narration   one line per step
     * @param progress    the live count while a kind runs
     */
    public RejectionBench(
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
     * Runs every kind and returns the report; the mixer is closed and this run's topics deleted after.
     *
     * @throws IllegalStateException if the mixer fails, a send fails, or a kind does not finish in time
     */
    public RejectionReport run() throws IOException, InterruptedException {
        double load = ProcessCpu.loadAverage();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        say("Starting a " + settings.strategy().label() + " mixer with a " + settings.ingressPartitions()
                + "-partition ingress topic (run " + runId + ")");
        List<KindResult> results = new ArrayList<>();
        BenchMixer mixer;
        try (Admin admin = Admin.create(cluster.asClientConfig())) {
            mixer = BenchMixer.start(
                    cluster,
                    settings.strategy(),
                    settings.ingressPartitions(),
                    settings.replicationFactor(),
                    workDir,
                    runId,
                    START_TIMEOUT);
            try (mixer;
                    DeadLetterCounter letters =
                            DeadLetterCounter.start(cluster, mixer.deadLetterTopic(), BenchMixer.MIXER_ID);
                    KafkaProducer<byte[], byte[]> producer = producer()) {
                say("Mixer " + BenchMixer.MIXER_ID + " is running; it announced its key of epoch "
                        + mixer.target().epoch() + "; dead letters go to " + mixer.deadLetterTopic());
                HostileRecords builder = new HostileRecords(mixer.target(), new SecureRandom());
                TopicBytes bytes = new TopicBytes(admin);
                warmUp(builder, mixer, letters, producer);
                for (HostileKind kind : settings.kinds()) {
                    results.add(runKind(kind, builder, mixer, letters, producer, bytes));
                }
            } finally {
                deleteTopics(admin, mixer.namePrefix());
            }
        }
        MixerApplication app = mixer.application();
        return RejectionReport.of(
                new RejectionReport.Setup(
                        clusterName,
                        settings.strategy().label(),
                        mixer.target().ingressPartitions(),
                        settings.records(),
                        mixer.target().packetSize(),
                        app.config().processingGuarantee(),
                        Runtime.getRuntime().availableProcessors(),
                        load,
                        System.getProperty("java.version")),
                results);
    }

    /**
     * Sends a few records of every kind but replay through the whole path, untimed, so that the first
     * kind measured does not pay for the JIT compiling the mixer, the clients and the broker. Every
     * kind, not only those chosen with {@code --kinds}: each warms code the others share.
     */
    private void warmUp(
            HostileRecords builder, BenchMixer mixer, DeadLetterCounter letters, KafkaProducer<byte[], byte[]> producer)
            throws InterruptedException {
        int each = Math.min(settings.records(), WARM_UP_RECORDS);
        List<Hostile> records = new ArrayList<>();
        for (HostileKind kind : HostileKind.values()) {
            if (kind != HostileKind.REPLAY
                    && (kind != HostileKind.WRONG_PARTITION || settings.ingressPartitions() > 1)) {
                records.addAll(builder.build(kind, each));
            }
        }
        say("Warming up: " + records.size() + " records of every kind but replay (not timed)");
        long before = letters.total();
        MixerApplication app = mixer.application();
        long acceptedBefore = app.metrics().acceptedCount();
        send(producer, mixer.target().ingressTopic(), records).join();
        await(
                null,
                "warm-up records dead-lettered",
                records.size(),
                () -> letters.total() - before + app.metrics().acceptedCount() - acceptedBefore,
                app,
                letters);
    }

    private KindResult runKind(
            HostileKind kind,
            HostileRecords builder,
            BenchMixer mixer,
            DeadLetterCounter letters,
            KafkaProducer<byte[], byte[]> producer,
            TopicBytes bytes)
            throws InterruptedException {
        int n = settings.records();
        String topic = mixer.target().ingressTopic();
        MixerApplication app = mixer.application();
        List<Hostile> records = builder.build(kind, n);
        if (kind == HostileKind.REPLAY) {
            long acceptedBefore = app.metrics().acceptedCount();
            say("replay: sending the " + n + " original packets first (not timed)");
            send(producer, topic, records).join();
            await(kind, "originals accepted", n, () -> app.metrics().acceptedCount() - acceptedBefore, app, letters);
        }
        Map<String, Long> lettersBefore = letters.snapshot();
        long totalBefore = letters.total();
        long acceptedBefore = app.metrics().acceptedCount();
        OptionalLong bytesBefore = bytes.of(mixer.deadLetterTopic());
        OptionalLong cpuBefore = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        CompletableFuture<Void> sent = send(producer, topic, records);
        await(
                kind,
                "rejected",
                n,
                () -> letters.total() - totalBefore + app.metrics().acceptedCount() - acceptedBefore,
                app,
                letters);
        long t1 = System.nanoTime();
        OptionalLong cpuAfter = ProcessCpu.nanos();
        sent.join(); // every outcome is in, so every send completed; surfaces a send error, if any
        OptionalLong bytesAfter = bytes.of(mixer.deadLetterTopic());

        String expected = kind.expectedReason().name();
        Map<String, Long> unexpected = new LinkedHashMap<>();
        long asExpected = 0;
        for (Map.Entry<String, Long> e : letters.snapshot().entrySet()) {
            long delta = e.getValue() - lettersBefore.getOrDefault(e.getKey(), 0L);
            if (e.getKey().equals(expected)) {
                asExpected = delta;
            } else if (delta != 0) {
                unexpected.put(e.getKey(), delta);
            }
        }
        long accepted = app.metrics().acceptedCount() - acceptedBefore;
        if (accepted != 0) {
            unexpected.put(KindResult.ACCEPTED, accepted);
        }
        double seconds = (t1 - t0) / 1e9;
        Double cpu = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / 1e3 / n
                : null;
        Double brokerBytes = bytesBefore.isPresent() && bytesAfter.isPresent()
                ? (double) (bytesAfter.getAsLong() - bytesBefore.getAsLong()) / n
                : null;
        double meanBytes =
                records.stream().mapToInt(h -> h.value().length).average().orElse(0);
        KindResult result = new KindResult(
                kind.label(),
                kind.description(),
                expected,
                n,
                meanBytes,
                seconds,
                n / seconds,
                cpu,
                brokerBytes,
                asExpected,
                unexpected);
        say(String.format(
                Locale.ROOT,
                "%s: %d records rejected in %.2f s (%.0f/s)%s",
                kind.label(),
                n,
                seconds,
                n / seconds,
                result.asExpected() ? ", all " + expected : ", UNEXPECTED outcomes " + unexpected));
        return result;
    }

    /** Sends every record on another thread; completes when the producer acknowledged them all. */
    private static CompletableFuture<Void> send(
            KafkaProducer<byte[], byte[]> producer, String topic, List<Hostile> records) {
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

    /**
     * Waits until {@code done} reaches {@code target}, showing progress; fails on a mixer failure or
     * timeout. {@code kind} is null for the warm-up.
     */
    private void await(
            HostileKind kind,
            String what,
            long target,
            LongSupplier done,
            MixerApplication app,
            DeadLetterCounter letters)
            throws InterruptedException {
        // Generous: a slow shared machine must not fail a run; 50 records/s is far below anything measured.
        Duration timeout = Duration.ofMinutes(2).plusSeconds(target / 50);
        String label = kind == null ? "warm-up" : kind.label();
        long deadline = System.nanoTime() + timeout.toNanos();
        long now;
        while ((now = done.getAsLong()) < target) {
            app.failure().ifPresent(f -> {
                throw new IllegalStateException("the mixer failed: " + f.getMessage(), f);
            });
            letters.checkHealthy();
            if (System.nanoTime() > deadline) {
                progress.finish();
                throw new IllegalStateException(label + ": only " + now + " of " + target + " " + what + " after "
                        + timeout.toSeconds() + " s; dead letters so far " + letters.snapshot());
            }
            progress.show(String.format(Locale.ROOT, "  %s: %d/%d %s", label, now, target, what));
            TimeUnit.MILLISECONDS.sleep(20);
        }
        progress.show(String.format(
                Locale.ROOT, "  %s: %d/%d %s", label, now, target, what)); // the last count, not one 20 ms old
        progress.finish();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        // As fast as one producer goes, within the packet topics' record batch limit: batch.size stays
        // at its default (docs/mixing.md, "Record size limit of packet topics").
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "mixnet-bench-flooder");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Deletes this run's topics (ingress, next hop, dead letters, directory, Kafka Streams internals). */
    private void deleteTopics(Admin admin, String prefix) {
        try {
            List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix + ".") || t.startsWith(prefix + "-"))
                    .toList();
            admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            say("Could not delete this run's topics (" + prefix + ".*): " + e.getMessage());
        }
    }

    private void say(String what) {
        narration.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
        narration.flush();
    }
}
