package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.MixKeyFiles;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One real forward mixer, run in this process on the given cluster with topics of its own: an
 * ingress topic of one partition and an exit topic to the service {@value #SERVICE}. Every packet the
 * attack runner's senders build is a one-hop route through it, so the exit topic is exactly the
 * mixer's output.
 *
 * <p>Topic names carry a random run id ({@link #namePrefix()}), so runs on a shared cluster never
 * collide and the runner only ever touches its own topics.
 */
public final class MixerUnderAttack implements AutoCloseable {

    /** The service every packet exits to. */
    public static final String SERVICE = "sink";

    private static final String MIXER_ID = "mix-a";

    private final AttackStrategy strategy;
    private final String prefix;
    private final MixerApplication mixer;
    private final Map<Long, MixPublicKey> publicKeys;
    private final EpochSchedule schedule = EpochSchedule.defaults();

    private MixerUnderAttack(
            AttackStrategy strategy, String prefix, MixerApplication mixer, Map<Long, MixPublicKey> publicKeys) {
        this.strategy = strategy;
        this.prefix = prefix;
        this.mixer = mixer;
        this.publicKeys = publicKeys;
    }

    /**
     * Provisions keys under {@code workDir}, starts the mixer and waits until it runs.
     *
     * @throws IllegalStateException if the mixer does not reach RUNNING within {@code startTimeout}
     */
    public static MixerUnderAttack start(
            ClientSettings cluster, AttackStrategy strategy, Path workDir, Duration startTimeout)
            throws IOException, InterruptedException {
        String prefix = "mixnet-attack-" + UUID.randomUUID().toString().substring(0, 8);
        Path keyDir = workDir.resolve("keys").resolve(prefix);
        EpochSchedule schedule = EpochSchedule.defaults();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        // Three epochs: a run that crosses an epoch boundary keeps building packets the mixer accepts.
        MixerKeys.provision(keyDir, epoch, 3, new SecureRandom());
        Map<Long, MixPublicKey> publicKeys = new TreeMap<>();
        List<MixPrivateKey> keys = MixKeyFiles.readAll(keyDir);
        for (MixPrivateKey k : keys) {
            publicKeys.put(k.epoch(), k.publicKey());
            k.destroy();
        }

        Map<String, String> c = new LinkedHashMap<>();
        c.put("mixer.id", MIXER_ID);
        c.put("mixer.role", "forward");
        c.put("mixer.application-id", prefix + "-" + MIXER_ID);
        c.putAll(strategy.mixerProperties());
        c.put("topic.ingress", prefix + "." + MIXER_ID + ".in");
        c.put("topic.ingress.partitions", "1");
        c.put("topics.output.partitions", "1");
        c.put("exit." + SERVICE, prefix + ".exit." + SERVICE);
        c.put("keys.dir", keyDir.toString());
        c.put("state.dir", workDir.resolve("state").resolve(prefix).toString());
        c.put("processing.guarantee", "exactly_once_v2");
        c.put("topics.provision", "all");
        c.put("startup.retry.timeout", startTimeout.toMillis() + "ms");
        // Commit (and so make released packets visible) often: a round of the attack is a few hundred ms.
        c.put("kafka.commit.interval.ms", "100");
        cluster.properties().forEach((k, v) -> c.put("kafka." + k, v));
        c.put("kafka.bootstrap.servers", cluster.bootstrapServers());

        MixerApplication mixer = MixerApplication.create(MixerConfig.fromMap(c, workDir), cluster);
        try {
            mixer.start();
            if (!mixer.awaitRunning(startTimeout.plusSeconds(60))) {
                throw new IllegalStateException("the mixer under attack did not reach RUNNING within "
                        + startTimeout.plusSeconds(60).toSeconds() + " s"
                        + mixer.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
        } catch (InterruptedException | RuntimeException e) {
            mixer.close();
            throw e;
        }
        return new MixerUnderAttack(strategy, prefix, mixer, Map.copyOf(publicKeys));
    }

    public AttackStrategy strategy() {
        return strategy;
    }

    /** What every topic of this run starts with. */
    public String namePrefix() {
        return prefix;
    }

    public String ingressTopic() {
        return mixer.config().ingressTopic();
    }

    public String exitTopic() {
        return prefix + ".exit." + SERVICE;
    }

    /** The mixer's public key for the epoch current at {@code nowMillis}, as a sender reads it from the directory. */
    public MixPublicKey publicKeyAt(long nowMillis) {
        long epoch = schedule.epochAt(nowMillis);
        MixPublicKey key = publicKeys.get(epoch);
        if (key == null) {
            throw new IllegalStateException(
                    "no key of the mixer under attack for epoch " + epoch + "; provisioned " + publicKeys.keySet());
        }
        return key;
    }

    /** The running mixer (for its metrics in reports; the attacks use only topics). */
    public MixerApplication application() {
        return mixer;
    }

    @Override
    public void close() {
        mixer.close();
    }
}
