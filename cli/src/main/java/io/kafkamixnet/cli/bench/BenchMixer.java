package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.demo.DemoStrategy;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.MixPublicKey;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One real forward mixer for a benchmark, in this process: its own keys ({@link MixerKeys#provision}
 * in the work directory), its own topics (named after a run id, so runs on a shared cluster never
 * collide), the product's default settings except the strategy's, and a directory topic it announces
 * its epoch key on. Started through {@link MixerApplication}'s public API only.
 */
public final class BenchMixer implements AutoCloseable {

    /** The mixer's id and the one next hop it relays to (a topic nobody reads but the benchmark's cleanup). */
    public static final String MIXER_ID = "bench-mix";

    public static final String NEXT_HOP_ID = "bench-next";

    /** The exit service the bench mixer delivers to (latency packets exit here). */
    public static final String EXIT_SERVICE = "bench";

    private final MixerApplication mixer;
    private final BenchTarget target;
    private final String namePrefix;

    private BenchMixer(MixerApplication mixer, BenchTarget target, String namePrefix) {
        this.mixer = mixer;
        this.target = target;
        this.namePrefix = namePrefix;
    }

    /**
     * Provisions keys under {@code workDir}, starts the mixer on {@code cluster} and waits until it is
     * RUNNING and has announced its current epoch key.
     *
     * @param runId              distinguishes this run's topics and application id
     * @param ingressPartitions  partitions of the ingress topic (binding is on, as by default)
     * @param replicationFactor  replicas of every topic the mixer creates; -1 for the cluster's default
     * @param startTimeout       how long to wait for RUNNING
     * @throws IllegalStateException if the mixer does not reach RUNNING or announces no current key
     */
    public static BenchMixer start(
            ClientSettings cluster,
            DemoStrategy strategy,
            int ingressPartitions,
            short replicationFactor,
            Path workDir,
            String runId,
            Duration startTimeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(strategy, "strategy");
        SecureRandom random = new SecureRandom();
        EpochSchedule schedule = EpochSchedule.defaults();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        Path keys = workDir.resolve("keys").resolve(MIXER_ID);
        MixerKeys.provision(keys, epoch, 2, random);

        String prefix = "mixnet-bench-" + runId;
        Map<String, String> c =
                config(cluster, strategy.mixerProperties(), prefix, ingressPartitions, 1, replicationFactor, keys);
        c.put("state.dir", workDir.resolve("state").toString());
        MixerApplication mixer = MixerApplication.create(MixerConfig.fromMap(c, workDir), cluster);
        try {
            mixer.start();
            if (!mixer.awaitRunning(startTimeout)) {
                throw new IllegalStateException("mixer " + MIXER_ID + " did not reach RUNNING within "
                        + startTimeout.toSeconds() + " s"
                        + mixer.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
            MixerInfo announced = mixer.lastDescriptor()
                    .orElseThrow(() -> new IllegalStateException(
                            "mixer " + MIXER_ID + " is running but has published no descriptor"));
            EpochPublicKey current = announced
                    .keyValidAt(System.currentTimeMillis())
                    .orElseThrow(() -> new IllegalStateException("mixer " + MIXER_ID
                            + " announced no key valid now; it announced epochs "
                            + announced.epochKeys().stream()
                                    .map(EpochPublicKey::epoch)
                                    .toList()));
            // The next hop's key only shapes the packets' inner layer, which this mixer never opens.
            MixPrivateKey nextHop = MixPrivateKey.generate(current.epoch(), random);
            MixPublicKey nextHopKey = nextHop.publicKey();
            nextHop.destroy();
            BenchTarget target = new BenchTarget(
                    mixer.config().ingressTopic(),
                    mixer.ingressPartitionCount(),
                    mixer.config().geometry(),
                    current.key(),
                    NEXT_HOP_ID,
                    nextHopKey);
            return new BenchMixer(mixer, target, prefix);
        } catch (RuntimeException | InterruptedException e) {
            mixer.close();
            throw e;
        }
    }

    /**
     * The configuration of the bench mixer: forward role, the given strategy, ingress
     * {@code <prefix>.bench-mix.in}, one next hop and one exit service ({@value #EXIT_SERVICE}), a
     * directory topic, every topic provisioned; {@code state.dir} is the caller's to add.
     *
     * @param strategyProperties the {@code strategy.*} settings
     * @param streamThreads      Kafka Streams threads of each instance
     */
    public static Map<String, String> config(
            ClientSettings cluster,
            Map<String, String> strategyProperties,
            String prefix,
            int ingressPartitions,
            int streamThreads,
            short replicationFactor,
            Path keys) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mixer.id", MIXER_ID);
        c.put("mixer.role", "forward");
        c.put("mixer.application-id", prefix + "-" + MIXER_ID);
        c.putAll(strategyProperties);
        c.put("topic.ingress", prefix + "." + MIXER_ID + ".in");
        c.put("topic.ingress.partitions", Integer.toString(ingressPartitions));
        c.put("next-hop." + NEXT_HOP_ID, nextHopTopic(prefix));
        c.put("exit." + EXIT_SERVICE, exitTopic(prefix));
        c.put("keys.dir", keys.toString());
        c.put("directory.topic", prefix + ".directory");
        c.put("num.stream.threads", Integer.toString(streamThreads));
        c.put("topics.provision", "all");
        c.put("topics.replication-factor", Short.toString(replicationFactor));
        cluster.properties().forEach((k, v) -> c.put("kafka." + k, v));
        c.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        return c;
    }

    /** The topic the bench mixer relays to (its next hop's ingress, read by nobody but a benchmark). */
    public static String nextHopTopic(String prefix) {
        return prefix + "." + NEXT_HOP_ID + ".in";
    }

    /** The topic of the bench mixer's one exit service. */
    public static String exitTopic(String prefix) {
        return prefix + ".exit." + EXIT_SERVICE;
    }

    /** The running mixer: its metrics, config and state. */
    public MixerApplication application() {
        return mixer;
    }

    /** What a flooder knows of this mixer. */
    public BenchTarget target() {
        return target;
    }

    /** The dead-letter topic the mixer writes its rejections to. */
    public String deadLetterTopic() {
        return mixer.config().deadLetterTopic();
    }

    /** What every topic of this run starts with (its own topics and its Kafka Streams internal topics). */
    public String namePrefix() {
        return namePrefix;
    }

    @Override
    public void close() {
        mixer.close();
    }
}
