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
    private static final String PEER_ID = "mix-b";

    private final AttackStrategy strategy;
    private final String prefix;
    private final MixerApplication mixer;
    private final Map<Long, MixPublicKey> publicKeys;
    private final EpochSchedule schedule = EpochSchedule.defaults();
    private final MixerDefences defences;
    private final Map<String, String> extraProperties;
    private final MixerApplication peer;

    private MixerUnderAttack(
            AttackStrategy strategy,
            String prefix,
            MixerApplication mixer,
            Map<Long, MixPublicKey> publicKeys,
            MixerDefences defences,
            Map<String, String> extraProperties,
            MixerApplication peer) {
        this.strategy = strategy;
        this.prefix = prefix;
        this.mixer = mixer;
        this.publicKeys = publicKeys;
        this.defences = defences;
        this.extraProperties = extraProperties;
        this.peer = peer;
    }

    /** {@link #start(ClientSettings, AttackStrategy, Path, Duration, MixerDefences, Map)} with no defence. */
    public static MixerUnderAttack start(
            ClientSettings cluster, AttackStrategy strategy, Path workDir, Duration startTimeout)
            throws IOException, InterruptedException {
        return start(cluster, strategy, workDir, startTimeout, MixerDefences.NONE, Map.of());
    }

    /**
     * Provisions keys under {@code workDir}, starts the mixer and waits until it runs.
     *
     * <p>With a defence on, a peer mixer {@code mix-b} (timed, 100 ms) and a directory topic run too: the
     * mixer's dummies and loops take routes through the peer, drawn from the directory both publish to. The
     * peer's next hop back to the mixer under attack is {@link #gateTopic()}, not the ingress: everything
     * that enters the mixer passes the attacker's gate, loops included, as on a network where the attacker
     * controls the mixer's ingress (it cannot tell a loop from any packet).
     *
     * @param extraProperties further mixer settings ({@code key=value}, applied last), recorded in the report
     * @throws IllegalStateException if a mixer does not reach RUNNING within {@code startTimeout}
     */
    public static MixerUnderAttack start(
            ClientSettings cluster,
            AttackStrategy strategy,
            Path workDir,
            Duration startTimeout,
            MixerDefences defences,
            Map<String, String> extraProperties)
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

        MixerApplication peer = null;
        if (defences != MixerDefences.NONE) {
            String directory = prefix + ".directory";
            c.put("directory.topic", directory);
            c.put("directory.publish-interval", "1s");
            c.put("next-hop." + PEER_ID, prefix + "." + PEER_ID + ".in");
            c.putAll(defences.mixerProperties());
            Path peerKeys = workDir.resolve("keys").resolve(prefix + "-" + PEER_ID);
            MixerKeys.provision(peerKeys, epoch, 3, new SecureRandom());
            Map<String, String> p = new LinkedHashMap<>(c);
            p.keySet()
                    .removeIf(k -> k.startsWith("strategy")
                            || k.startsWith("heartbeat.")
                            || k.startsWith("dummy.")
                            || k.startsWith("exit.")
                            || k.startsWith("next-hop."));
            p.put("mixer.id", PEER_ID);
            p.put("mixer.application-id", prefix + "-" + PEER_ID);
            p.put("strategy", "timed");
            p.put("strategy.interval", "100ms");
            p.put("topic.ingress", prefix + "." + PEER_ID + ".in");
            p.put("next-hop." + MIXER_ID, gateTopic(prefix));
            p.put("keys.dir", peerKeys.toString());
            p.put(
                    "state.dir",
                    workDir.resolve("state").resolve(prefix + "-" + PEER_ID).toString());
            peer = MixerApplication.create(MixerConfig.fromMap(p, workDir), cluster);
            startAndAwait(peer, "the peer mixer", startTimeout);
        }
        c.putAll(extraProperties);

        MixerApplication mixer = null;
        try {
            mixer = MixerApplication.create(MixerConfig.fromMap(c, workDir), cluster);
            startAndAwait(mixer, "the mixer under attack", startTimeout);
        } catch (InterruptedException | RuntimeException | IOException e) {
            if (peer != null) {
                peer.close();
            }
            throw e;
        }
        return new MixerUnderAttack(
                strategy, prefix, mixer, Map.copyOf(publicKeys), defences, Map.copyOf(extraProperties), peer);
    }

    private static void startAndAwait(MixerApplication m, String what, Duration startTimeout)
            throws InterruptedException {
        try {
            m.start();
            if (!m.awaitRunning(startTimeout.plusSeconds(60))) {
                throw new IllegalStateException(what + " did not reach RUNNING within "
                        + startTimeout.plusSeconds(60).toSeconds() + " s"
                        + m.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
        } catch (InterruptedException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static String gateTopic(String prefix) {
        return prefix + ".link";
    }

    /**
     * The topic the attacker's gate reads and forwards into the ingress (honest senders write there, and so
     * does the peer mixer's hop back to this mixer).
     */
    public String gateTopic() {
        return gateTopic(prefix);
    }

    public MixerDefences defences() {
        return defences;
    }

    /**
     * The defence settings in force, for a report's {@code defences} object: the preset, its mixer settings
     * and the extra settings given.
     */
    public Map<String, Object> defenceSettings() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("preset", defences.label());
        d.put("mixerDummies", defences == MixerDefences.DUMMIES || extraProperties.containsKey("dummy.min-batch"));
        d.put("mixerProperties", defences.mixerProperties());
        d.put("extraMixerProperties", extraProperties);
        return d;
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
        if (peer != null) {
            peer.close();
        }
    }
}
