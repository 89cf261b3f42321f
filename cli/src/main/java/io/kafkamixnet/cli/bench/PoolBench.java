package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.bench.HostileRecords.Hostile;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pool phase of {@code mixnet bench}: a pool mixer that holds {@code held} packets while rounds
 * run, what its rounds cost in changelog bytes per released packet, what holding them costs in memory,
 * and how long a new instance takes to restore them from the changelog.
 *
 * <p>Per pool size: a pool mixer with {@code strategy.min-pool = held} (so the pool never shrinks
 * below it) and rounds every second releasing {@code min(held - min, held / 2)}, i.e. every packet
 * beyond the minimum. The bench fills it with {@code held} packets (timed: fill rate), then sends
 * {@code turnover} more and waits until that many were released: the changelog bytes written meanwhile
 * (pool and pool-meta changelogs, the turnover's own intake puts included) divided by the packets
 * released is the cost of a round per released packet. Heap after a full GC and the process RSS are
 * taken before the fill, after it and after the rounds; they are this whole process's (the embedded
 * broker's too), so the differences are what holding the pool costs. Finally the instance is closed
 * and a new one starts on an empty state directory: the time until it is RUNNING with every held
 * packet back is the restore time.
 */
public final class PoolBench {

    /** Settings: the pool sizes to measure and the turnover at each. */
    public record Settings(List<Integer> held, int turnover) {
        public Settings {
            held = List.copyOf(held);
            if (held.isEmpty() || held.stream().anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("expected pool sizes of at least 1, found " + held);
            }
            if (turnover < 1) {
                throw new IllegalArgumentException("expected a turnover of at least 1 packet, found " + turnover);
            }
        }
    }

    /**
     * One pool size's numbers.
     *
     * @param held                          packets the pool held while rounds ran
     * @param fillPacketsPerSecond          intake rate while filling (preloaded at full speed)
     * @param released                      packets released by the rounds measured
     * @param poolChangelogBytesPerReleased pool changelog bytes written per released packet
     * @param metaChangelogBytesPerReleased pool-meta changelog bytes per released packet
     * @param heapMiBBefore                 heap used after a full GC before the fill, MiB
     * @param heapMiBFilled                 the same with the pool full
     * @param heapMiBAfterRounds            the same after the rounds
     * @param rssMiBFilled                  resident set size of this process with the pool full, MiB
     * @param restoreSeconds                a new instance on an empty state directory: start to RUNNING
     * @param restoredHeld                  packets that instance held once RUNNING
     */
    public record Result(
            int held,
            double fillPacketsPerSecond,
            long released,
            double poolChangelogBytesPerReleased,
            double metaChangelogBytesPerReleased,
            double heapMiBBefore,
            double heapMiBFilled,
            double heapMiBAfterRounds,
            double rssMiBFilled,
            double restoreSeconds,
            long restoredHeld) {}

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    /** Packets built and sent at a time: the bench never holds more than this many. */
    static final int CHUNK = 10_000;

    private final ClientSettings cluster;
    private final Settings settings;
    private final Path workDir;
    private final PrintWriter narration;
    private final ProgressLine progress;
    private final long started = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    public PoolBench(
            ClientSettings cluster, Settings settings, Path workDir, PrintWriter narration, ProgressLine progress) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.narration = Objects.requireNonNull(narration, "narration");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Measures every pool size; this run's topics are deleted after. */
    public List<Result> run() throws IOException, InterruptedException {
        Path keys = workDir.resolve("keys");
        long epoch = EpochSchedule.defaults().epochAt(System.currentTimeMillis());
        MixerKeys.provision(keys, epoch, 2, random);
        MixPublicKey mixerKey = null;
        for (MixPrivateKey k : MixKeyFiles.readAll(keys)) {
            if (k.epoch() == epoch) {
                mixerKey = k.publicKey();
            }
            k.destroy();
        }
        Objects.requireNonNull(mixerKey, "no key of the current epoch");
        List<Result> results = new ArrayList<>();
        try (Admin admin = Admin.create(cluster.asClientConfig())) {
            try {
                for (int held : settings.held()) {
                    results.add(measure(admin, keys, mixerKey, held));
                }
            } finally {
                BenchTopics.deleteWithPrefix(admin, "mixnet-bench-" + runId, this::say);
            }
        }
        return results;
    }

    private Result measure(Admin admin, Path keys, MixPublicKey mixerKey, int held)
            throws IOException, InterruptedException {
        String prefix = "mixnet-bench-" + runId + "-pool" + held;
        Map<String, String> strategy = new LinkedHashMap<>();
        strategy.put("strategy", "pool");
        strategy.put("strategy.interval", "1s");
        strategy.put("strategy.min-pool", Integer.toString(held));
        strategy.put("strategy.fraction", "0.5");
        Map<String, String> config = BenchMixer.config(cluster, strategy, prefix, 1, 1, (short) -1, keys);
        MixerConfig parsed = MixerConfig.fromMap(config, workDir);
        String in = parsed.ingressTopic();
        String poolChangelog = parsed.applicationId() + "-pool-changelog";
        String metaChangelog = parsed.applicationId() + "-pool-meta-changelog";

        TopicBytes bytes = new TopicBytes(admin);
        double heapBefore = heapAfterGcMiB();
        MixerGroup group = new MixerGroup(cluster, config, 1, workDir.resolve("state-" + held + "-a"));
        double heapFilled;
        double rssFilled;
        double heapRounds;
        double fillRate;
        long released;
        Map<String, Long> before;
        Map<String, Long> after;
        try (group) {
            group.provisionTopics(admin);
            group.start();
            if (!group.awaitRunning(START_TIMEOUT)) {
                throw new IllegalStateException("the pool mixer did not reach RUNNING");
            }
            say("Pool of " + held + ": filling it (packets built and sent in chunks of " + CHUNK
                    + "; the time includes building)");
            long t0 = System.nanoTime();
            // Built and sent on another thread, so that the progress bar shows the pool filling.
            var loaderFailure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
            Thread loader = new Thread(
                    () -> {
                        try {
                            buildAndSend(in, mixerKey, parsed, held);
                        } catch (RuntimeException e) {
                            loaderFailure.set(e);
                        }
                    },
                    "mixnet-bench-pool-loader");
            loader.setDaemon(true);
            loader.start();
            await(
                    "fill " + held,
                    held,
                    () -> {
                        if (loaderFailure.get() != null) {
                            throw loaderFailure.get();
                        }
                        return group.held();
                    },
                    group);
            loader.join();
            fillRate = held / ((System.nanoTime() - t0) / 1e9);
            heapFilled = heapAfterGcMiB();
            rssFilled = rssMiB();
            say(String.format(
                    Locale.ROOT,
                    "Pool of %d full: %.0f packets/s built and taken in; heap after GC %.0f MiB (%.0f before),"
                            + " RSS %.0f MiB",
                    held,
                    fillRate,
                    heapFilled,
                    heapBefore,
                    rssFilled));
            before = bytes.withPrefix(parsed.applicationId());
            long releasedBefore = group.released();
            buildAndSend(in, mixerKey, parsed, settings.turnover());
            await("rounds " + held, settings.turnover(), () -> group.released() - releasedBefore, group);
            released = group.released() - releasedBefore;
            after = bytes.withPrefix(parsed.applicationId());
            heapRounds = heapAfterGcMiB();
        }
        long poolBytes = after.getOrDefault(poolChangelog, 0L) - before.getOrDefault(poolChangelog, 0L);
        long metaBytes = after.getOrDefault(metaChangelog, 0L) - before.getOrDefault(metaChangelog, 0L);

        say("Pool of " + held + ": restoring it into a new instance on an empty state directory");
        MixerGroup restored = new MixerGroup(cluster, config, 1, workDir.resolve("state-" + held + "-b"));
        double restoreSeconds;
        long restoredHeld;
        try (restored) {
            long t0 = System.nanoTime();
            restored.start();
            if (!restored.awaitRunning(START_TIMEOUT)) {
                throw new IllegalStateException("the restored pool mixer did not reach RUNNING");
            }
            restoreSeconds = (System.nanoTime() - t0) / 1e9;
            restoredHeld = restored.held();
        }
        ScratchDirectory.deleteRecursively(workDir.resolve("state-" + held + "-a"));
        ScratchDirectory.deleteRecursively(workDir.resolve("state-" + held + "-b"));
        Result r = new Result(
                held,
                fillRate,
                released,
                (double) poolBytes / released,
                (double) metaBytes / released,
                heapBefore,
                heapFilled,
                heapRounds,
                rssFilled,
                restoreSeconds,
                restoredHeld);
        say(String.format(
                Locale.ROOT,
                "Pool of %d: %d released, changelog %.0f + %.0f bytes per released packet; restored %d in %.1f s",
                held,
                released,
                r.poolChangelogBytesPerReleased(),
                r.metaChangelogBytesPerReleased(),
                restoredHeld,
                restoreSeconds));
        return r;
    }

    /** Builds {@code n} exit packets in chunks, in parallel, sending each chunk before building the next. */
    private void buildAndSend(String topic, MixPublicKey mixerKey, MixerConfig config, int n) {
        Sphinx sphinx = new Sphinx(config.geometry(), random);
        PacketEnvelopeCodec envelopes =
                PacketEnvelopeCodec.forPacketSize(config.geometry().packetSize());
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // see FlowBench's loader
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int from = 0; from < n; from += CHUNK) {
                List<Hostile> chunk = IntStream.range(from, Math.min(n, from + CHUNK))
                        .parallel()
                        .mapToObj(i -> {
                            byte[] packet = sphinx.createForwardPacket(
                                    List.of(new Hop(mixerKey, HopInstruction.exit(BenchMixer.EXIT_SERVICE, 0))),
                                    ByteBuffer.allocate(64).putLong(i).array());
                            return new Hostile(
                                    PartitionBinding.partitionFor(packet, 1),
                                    envelopes.encode(mixerKey.epoch(), packet));
                        })
                        .toList();
                FlowBench.send(producer, topic, chunk).join();
            }
        }
    }

    private void await(String name, long target, LongSupplier done, MixerGroup group) throws InterruptedException {
        Duration timeout = Duration.ofMinutes(5).plusSeconds(target / 50);
        long deadline = System.nanoTime() + timeout.toNanos();
        long t0 = System.nanoTime();
        long now;
        while ((now = done.getAsLong()) < target) {
            group.failure().ifPresent(f -> {
                throw new IllegalStateException(name + " failed: " + f.getMessage(), f);
            });
            if (System.nanoTime() > deadline) {
                progress.finish();
                throw new IllegalStateException(
                        name + ": only " + now + " of " + target + " after " + timeout.toSeconds() + " s");
            }
            progress.show(ProgressLine.bar(name, now, target, (System.nanoTime() - t0) / 1e9));
            TimeUnit.MILLISECONDS.sleep(100);
        }
        progress.show(ProgressLine.bar(name, now, target, (System.nanoTime() - t0) / 1e9));
        progress.finish();
    }

    /** Heap used after a full collection, MiB. */
    static double heapAfterGcMiB() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** This process's resident set size (Linux {@code /proc/self/status}), MiB; -1 elsewhere. */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The table of {@code results}. */
    public static void printTable(List<Result> results, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%9s %9s %9s %12s %12s %10s %10s %10s %8s %10s %9s%n",
                "held",
                "fill p/s",
                "released",
                "pool B/rel",
                "meta B/rel",
                "heap0 MiB",
                "heapF MiB",
                "heapR MiB",
                "RSS MiB",
                "restore s",
                "restored");
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "%9d %9.0f %9d %12.0f %12.0f %10.0f %10.0f %10.0f %8.0f %10.1f %9d%n",
                    r.held(),
                    r.fillPacketsPerSecond(),
                    r.released(),
                    r.poolChangelogBytesPerReleased(),
                    r.metaChangelogBytesPerReleased(),
                    r.heapMiBBefore(),
                    r.heapMiBFilled(),
                    r.heapMiBAfterRounds(),
                    r.rssMiBFilled(),
                    r.restoreSeconds(),
                    r.restoredHeld());
        }
        out.println("pool/meta B/rel: changelog bytes written while the rounds released the turnover, per released"
                + " packet (the turnover's intake puts included). heap: this whole process (embedded broker"
                + " included) after a full GC, before the fill (0), full (F), after the rounds (R). restore: a new"
                + " instance on an empty state directory, start to RUNNING.");
        out.flush();
    }

    private void say(String what) {
        narration.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
        narration.flush();
    }
}
