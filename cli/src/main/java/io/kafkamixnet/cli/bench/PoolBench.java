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
import java.util.Optional;
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
 * run, what its rounds cost in changelog bytes per released packet, what holding them costs the
 * mixer's memory, and how long a restarted instance takes to restore them from the changelog.
 *
 * <p>The mixer runs in a JVM of its own ({@link MixerProcess}: {@code java -Xmx<mixer heap>}, 256m by
 * default, running {@code mixnet mixer}); the broker (embedded, or the cluster given) and the load
 * generator stay in this process, so the heap and RSS measured are the mixer's alone. Per pool size:
 * a pool mixer with {@code strategy.min-pool = held} (so the pool never shrinks below it) and rounds
 * every second releasing {@code min(held - min, held / 2)}, i.e. every packet beyond the minimum. The
 * bench fills it with {@code held} packets, taking the mixer's heap after a full collection and its
 * RSS when it is empty, at each quarter and full; then sends {@code turnover} more and waits until
 * that many were released (the changelog bytes written meanwhile, the turnover's own intake puts
 * included, divided by the packets released, are the cost of a round per released packet), sampling
 * again halfway and after. Then the mixer is killed with SIGKILL, its task state directories are
 * deleted (what exactly-once does anyway after a crash: a store without a checkpoint is wiped and
 * restored) and a new process starts on the same instance identity: the time from its start to RUNNING
 * with exactly {@code held} packets held is the restore time (a JVM start included).
 */
public final class PoolBench {

    /**
     * Settings: the pool sizes to measure, the turnover at each, the mixer process's {@code -Xmx} and its
     * {@code state.rocksdb.memory-mib} (0: unset).
     */
    public record Settings(List<Integer> held, int turnover, String mixerHeap, int rocksDbMemoryMib) {
        public Settings {
            held = List.copyOf(held);
            if (held.isEmpty() || held.stream().anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("expected pool sizes of at least 1, found " + held);
            }
            if (turnover < 1) {
                throw new IllegalArgumentException("expected a turnover of at least 1 packet, found " + turnover);
            }
            Objects.requireNonNull(mixerHeap, "mixerHeap");
            if (!mixerHeap.matches("[1-9][0-9]{0,8}[kKmMgG]?")) {
                throw new IllegalArgumentException(
                        "expected a mixer heap size such as 256m (as for java -Xmx), found '" + mixerHeap + "'");
            }
            if (heapBytes(mixerHeap) < MIN_MIXER_HEAP_BYTES) {
                throw new IllegalArgumentException("expected a mixer heap of at least 32m (as for java -Xmx; a"
                        + " number without a unit is bytes; with -Xmx16m the mixer runs out of heap while it"
                        + " starts), found '" + mixerHeap + "'");
            }
            if (rocksDbMemoryMib < 0) {
                throw new IllegalArgumentException(
                        "expected a RocksDB memory bound of 0 (none) or more MiB, found " + rocksDbMemoryMib);
            }
        }
    }

    /** The smallest {@code --mixer-heap} taken: checked before the broker starts, not by the mixer failing. */
    static final long MIN_MIXER_HEAP_BYTES = 32L << 20;

    /** {@code -Xmx} syntax: digits, then k, m or g (binary) or nothing (bytes). */
    private static long heapBytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? size : size.substring(0, size.length() - 1);
        return Long.parseLong(digits) << shift;
    }

    /**
     * The mixer process's memory at one moment.
     *
     * @param phase   {@code empty}, {@code fill 25%}, ..., {@code full}, {@code rounds 50%}, {@code rounds},
     *                {@code restored}
     * @param held    packets it held then
     * @param heapMiB heap in use right after a full collection, MiB
     * @param rssMiB  resident set size, MiB (heap, metaspace, threads, RocksDB)
     */
    public record MemorySample(String phase, long held, double heapMiB, double rssMiB) {}

    /**
     * One pool size's numbers.
     *
     * @param held                          packets the pool held while rounds ran
     * @param mixerHeap                     the mixer process's {@code -Xmx}
     * @param rocksDbMemoryMib              its {@code state.rocksdb.memory-mib} (0: Kafka Streams' defaults)
     * @param fillPacketsPerSecond          intake rate while filling (packets built in this process meanwhile)
     * @param released                      packets released by the rounds measured
     * @param poolChangelogBytesPerReleased pool changelog bytes written per released packet
     * @param metaChangelogBytesPerReleased pool-meta changelog bytes per released packet
     * @param memory                        the mixer process's heap after GC and RSS, in the order taken
     * @param restoreSeconds                after a SIGKILL: a new mixer process's start to RUNNING with every
     *                                      held packet back (JVM start included)
     * @param restoredHeld                  packets that process held once RUNNING
     */
    public record Result(
            int held,
            String mixerHeap,
            int rocksDbMemoryMib,
            double fillPacketsPerSecond,
            long released,
            double poolChangelogBytesPerReleased,
            double metaChangelogBytesPerReleased,
            List<MemorySample> memory,
            double restoreSeconds,
            long restoredHeld) {
        public Result {
            memory = List.copyOf(memory);
        }

        /** The sample of {@code phase}, if taken. */
        public Optional<MemorySample> sample(String phase) {
            return memory.stream().filter(m -> m.phase().equals(phase)).findFirst();
        }

        /** The largest heap after GC of all samples, MiB. */
        public double maxHeapMiB() {
            return memory.stream().mapToDouble(MemorySample::heapMiB).max().orElse(-1);
        }

        /** The largest RSS of all samples, MiB. */
        public double maxRssMiB() {
            return memory.stream().mapToDouble(MemorySample::rssMiB).max().orElse(-1);
        }
    }

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
        Map<String, String> config =
                new LinkedHashMap<>(BenchMixer.config(cluster, strategy, prefix, 1, 1, (short) -1, keys));
        Path stateDir = workDir.resolve("state-" + held);
        config.put("state.dir", stateDir.toString());
        if (settings.rocksDbMemoryMib() > 0) {
            config.put("state.rocksdb.memory-mib", Integer.toString(settings.rocksDbMemoryMib()));
        }
        MixerConfig parsed = MixerConfig.fromMap(config, workDir);
        String in = parsed.ingressTopic();
        String poolChangelog = parsed.applicationId() + "-pool-changelog";
        String metaChangelog = parsed.applicationId() + "-pool-meta-changelog";
        List<MemorySample> memory = new ArrayList<>();
        TopicBytes bytes = new TopicBytes(admin);
        double fillRate;
        long released;
        Map<String, Long> before;
        Map<String, Long> after;
        say("Pool of " + held + ": starting the mixer in its own JVM (-Xmx" + settings.mixerHeap() + ", RocksDB "
                + (settings.rocksDbMemoryMib() > 0 ? "bounded to " + settings.rocksDbMemoryMib() + " MiB" : "unbounded")
                + ")");
        try (MixerProcess mixer =
                MixerProcess.start(config, cluster, settings.mixerHeap(), workDir, "mixer-" + held + "-a")) {
            if (!mixer.awaitRunningWith(0, START_TIMEOUT)) {
                throw new IllegalStateException("the pool mixer did not reach RUNNING within "
                        + START_TIMEOUT.toMinutes() + " min; its last status: " + mixer.status());
            }
            memory.add(sample(mixer, "empty"));
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
            List<Long> quarters = List.of(held / 4L, held / 2L, 3L * held / 4);
            int[] next = {0};
            await(
                    "fill " + held,
                    t0,
                    held,
                    () -> {
                        if (loaderFailure.get() != null) {
                            throw loaderFailure.get();
                        }
                        long now = mixer.status().held();
                        while (next[0] < quarters.size() && now >= quarters.get(next[0]) && quarters.get(next[0]) > 0) {
                            memory.add(sample(mixer, "fill " + (25 * (next[0] + 1)) + "%"));
                            next[0]++;
                        }
                        return now;
                    },
                    mixer);
            loader.join();
            fillRate = held / ((System.nanoTime() - t0) / 1e9);
            MemorySample full = sample(mixer, "full");
            memory.add(full);
            say(String.format(
                    Locale.ROOT,
                    "Pool of %d full: %.0f packets/s built and taken in; mixer heap after GC %.0f MiB (%.0f empty),"
                            + " RSS %.0f MiB",
                    held,
                    fillRate,
                    full.heapMiB(),
                    memory.get(0).heapMiB(),
                    full.rssMiB()));
            before = bytes.withPrefix(parsed.applicationId());
            long releasedBefore = mixer.status().released();
            // The rounds start while the turnover is still being sent: their rate counts from here.
            long roundsStarted = System.nanoTime();
            buildAndSend(in, mixerKey, parsed, settings.turnover());
            boolean[] halfway = {false};
            await(
                    "rounds " + held,
                    roundsStarted,
                    settings.turnover(),
                    () -> {
                        long done = mixer.status().released() - releasedBefore;
                        if (!halfway[0] && done >= settings.turnover() / 2) {
                            memory.add(sample(mixer, "rounds 50%"));
                            halfway[0] = true;
                        }
                        return done;
                    },
                    mixer);
            released = mixer.status().released() - releasedBefore;
            after = bytes.withPrefix(parsed.applicationId());
            if (!mixer.awaitRunningWith(held, Duration.ofMinutes(1))) {
                throw new IllegalStateException("after the rounds the pool should hold " + held + ", it holds "
                        + mixer.status().held());
            }
            memory.add(sample(mixer, "rounds"));
            // The last round's transaction commits within a commit interval (100 ms under exactly-once).
            TimeUnit.SECONDS.sleep(2);
            say("Pool of " + held + ": killing the mixer (SIGKILL)");
            mixer.kill();
        }
        long poolBytes = after.getOrDefault(poolChangelog, 0L) - before.getOrDefault(poolChangelog, 0L);
        long metaBytes = after.getOrDefault(metaChangelog, 0L) - before.getOrDefault(metaChangelog, 0L);

        // What exactly-once does after a crash anyway: the stores (no checkpoint) are wiped and restored
        // from the changelog. Deleted here so that the restore is certain; the application directory
        // keeps the instance id and the process id, so the new process rejoins as the killed one.
        Path appDir = stateDir.resolve(parsed.applicationId());
        try (var tasks = Files.list(appDir)) {
            for (Path task : tasks.filter(Files::isDirectory).toList()) {
                ScratchDirectory.deleteRecursively(task);
            }
        }
        say("Pool of " + held + ": restoring it from the changelog into a new mixer process");
        double restoreSeconds;
        long restoredHeld;
        long t0 = System.nanoTime();
        try (MixerProcess restored =
                MixerProcess.start(config, cluster, settings.mixerHeap(), workDir, "mixer-" + held + "-b")) {
            if (!restored.awaitRunningWith(held, START_TIMEOUT)) {
                throw new IllegalStateException("the restarted pool mixer did not reach RUNNING with " + held
                        + " held within " + START_TIMEOUT.toMinutes() + " min; its last status: "
                        + restored.status());
            }
            restoreSeconds = (System.nanoTime() - t0) / 1e9;
            restoredHeld = restored.status().held();
            memory.add(sample(restored, "restored"));
        }
        ScratchDirectory.deleteRecursively(stateDir);
        Result r = new Result(
                held,
                settings.mixerHeap(),
                settings.rocksDbMemoryMib(),
                fillRate,
                released,
                (double) poolBytes / released,
                (double) metaBytes / released,
                memory,
                restoreSeconds,
                restoredHeld);
        say(String.format(
                Locale.ROOT,
                "Pool of %d: %d released, changelog %.0f + %.0f bytes per released packet; restored %d in %.1f s;"
                        + " mixer heap after GC at most %.0f MiB, RSS at most %.0f MiB",
                held,
                released,
                r.poolChangelogBytesPerReleased(),
                r.metaChangelogBytesPerReleased(),
                restoredHeld,
                restoreSeconds,
                r.maxHeapMiB(),
                r.maxRssMiB()));
        return r;
    }

    private MemorySample sample(MixerProcess mixer, String phase) {
        long held = mixer.status().held();
        double heap;
        try {
            heap = mixer.heapAfterGcMiB();
        } catch (IOException e) {
            say("cannot measure the mixer's heap: " + e.getMessage());
            heap = -1;
        }
        MemorySample m = new MemorySample(phase, held, heap, mixer.rssMiB());
        say(String.format(
                Locale.ROOT,
                "  mixer process at %-10s %9d held: heap after GC %6.1f MiB, RSS %6.1f MiB",
                phase,
                held,
                m.heapMiB(),
                m.rssMiB()));
        return m;
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

    /** Waits until {@code done} reaches {@code target}, showing progress at the rate since {@code t0} (System.nanoTime). */
    private void await(String name, long t0, long target, LongSupplier done, MixerProcess mixer)
            throws InterruptedException {
        Duration timeout = Duration.ofMinutes(5).plusSeconds(target / 50);
        long deadline = System.nanoTime() + timeout.toNanos();
        long now;
        while ((now = done.getAsLong()) < target) {
            mixer.failure().ifPresent(f -> {
                progress.finish();
                throw new IllegalStateException(name + " failed: " + f);
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

    /** The resident set size in a Linux {@code /proc/<pid>/status} file, MiB; -1 if there is none. */
    static double rssMiB(Path procStatus) {
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Phases whose samples are columns of the memory table, in order. */
    static final List<String> PHASES =
            List.of("empty", "fill 25%", "fill 50%", "fill 75%", "full", "rounds 50%", "rounds", "restored");

    /** The tables of {@code results}: rounds and restore, then the mixer's heap after GC and RSS per phase. */
    public static void printTable(List<Result> results, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%9s %9s %9s %12s %12s %10s %9s%n",
                "held",
                "fill p/s",
                "released",
                "pool B/rel",
                "meta B/rel",
                "restore s",
                "restored");
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "%9d %9.0f %9d %12.0f %12.0f %10.1f %9d%n",
                    r.held(),
                    r.fillPacketsPerSecond(),
                    r.released(),
                    r.poolChangelogBytesPerReleased(),
                    r.metaChangelogBytesPerReleased(),
                    r.restoreSeconds(),
                    r.restoredHeld());
        }
        out.println();
        StringBuilder head =
                new StringBuilder(String.format(Locale.ROOT, "%9s %-5s %-7s %-5s", "held", "-Xmx", "RocksDB", "MiB"));
        PHASES.forEach(p -> head.append(String.format(Locale.ROOT, " %10s", p)));
        out.println(head);
        for (Result r : results) {
            for (boolean heap : new boolean[] {true, false}) {
                StringBuilder row = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%9d %-5s %-7s %-5s",
                        r.held(),
                        r.mixerHeap(),
                        r.rocksDbMemoryMib() > 0 ? Integer.toString(r.rocksDbMemoryMib()) : "none",
                        heap ? "heap" : "RSS"));
                for (String p : PHASES) {
                    row.append(r.sample(p)
                            .map(m -> String.format(Locale.ROOT, " %10.0f", heap ? m.heapMiB() : m.rssMiB()))
                            .orElse(String.format(Locale.ROOT, " %10s", "-")));
                }
                out.println(row);
            }
        }
        out.println("pool/meta B/rel: changelog bytes written while the rounds released the turnover, per released"
                + " packet (the turnover's intake puts included). The mixer runs in its own JVM: heap is its heap"
                + " in use right after a full GC, RSS its resident set (heap, JVM, RocksDB), at each phase of the"
                + " fill, halfway through and after the rounds, and in the restored process. restore: after a"
                + " SIGKILL, a new mixer process's start (JVM start included) to RUNNING with every packet back,"
                + " restored from the changelog.");
        out.flush();
    }

    private void say(String what) {
        narration.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
        narration.flush();
    }
}
