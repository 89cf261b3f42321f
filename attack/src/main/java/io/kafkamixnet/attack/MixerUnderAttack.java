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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One real forward mixer, run in this process on the given cluster with topics of its own: an
 * ingress topic of one partition and an exit topic to the service {@value #SERVICE}. The n-1 and exit
 * timing attacks' senders build one-hop routes through it, so the exit topic is exactly the mixer's
 * output; the relay timing attack ({@link RelayTimingAttack}) builds two-hop routes through it and a
 * peer mixer, and watches the mixer's relay output ({@link #relayTopic()}).
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
    private final Map<Long, MixPublicKey> peerPublicKeys;
    private final Path peerKeyDir;

    private MixerUnderAttack(
            AttackStrategy strategy,
            String prefix,
            MixerApplication mixer,
            Map<Long, MixPublicKey> publicKeys,
            MixerDefences defences,
            Map<String, String> extraProperties,
            MixerApplication peer,
            Map<Long, MixPublicKey> peerPublicKeys,
            Path peerKeyDir) {
        this.strategy = strategy;
        this.prefix = prefix;
        this.mixer = mixer;
        this.publicKeys = publicKeys;
        this.defences = defences;
        this.extraProperties = extraProperties;
        this.peer = peer;
        this.peerPublicKeys = peerPublicKeys;
        this.peerKeyDir = peerKeyDir;
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
        return start(cluster, strategy, workDir, startTimeout, defences, extraProperties, false);
    }

    /**
     * As {@link #start(ClientSettings, AttackStrategy, Path, Duration, MixerDefences, Map)}, and with
     * {@code relayPeer} the peer mixer and the directory run whatever the preset, so that senders can build
     * two-hop routes (this mixer, then the peer, then the exit {@value #SERVICE} at the peer) and an observer
     * can watch this mixer's relay output, the peer's ingress ({@link #relayTopic()}) — where a dummy leaves
     * among real packets. The {@code none} row of a before/after comparison then differs from the defended
     * one only in the preset's settings.
     */
    public static MixerUnderAttack start(
            ClientSettings cluster,
            AttackStrategy strategy,
            Path workDir,
            Duration startTimeout,
            MixerDefences defences,
            Map<String, String> extraProperties,
            boolean relayPeer)
            throws IOException, InterruptedException {
        String prefix = "mixnet-attack-" + UUID.randomUUID().toString().substring(0, 8);
        Path keyDir = workDir.resolve("keys").resolve(prefix);
        EpochSchedule schedule = EpochSchedule.defaults();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        // Three epochs: a run that crosses an epoch boundary keeps building packets the mixer accepts.
        MixerKeys.provision(keyDir, epoch, 3, new SecureRandom());
        Map<Long, MixPublicKey> publicKeys = publicKeysIn(keyDir);

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
        Map<Long, MixPublicKey> peerPublicKeys = Map.of();
        Path peerKeys = null;
        if (defences != MixerDefences.NONE || relayPeer) {
            String directory = prefix + ".directory";
            c.put("directory.topic", directory);
            c.put("directory.publish-interval", "1s");
            c.put("next-hop." + PEER_ID, prefix + "." + PEER_ID + ".in");
            c.putAll(defences.mixerProperties());
            peerKeys = workDir.resolve("keys").resolve(prefix + "-" + PEER_ID);
            MixerKeys.provision(peerKeys, epoch, 3, new SecureRandom());
            peerPublicKeys = publicKeysIn(peerKeys);
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
            // Two-hop routes exit at the peer, to an exit topic of its own: this mixer's exit topic stays
            // exactly this mixer's exit output.
            p.put("exit." + SERVICE, peerExitTopic(prefix));
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
                strategy,
                prefix,
                mixer,
                publicKeys,
                defences,
                Map.copyOf(extraProperties),
                peer,
                peerPublicKeys,
                peerKeys);
    }

    private static Map<Long, MixPublicKey> publicKeysIn(Path keyDir) throws IOException {
        Map<Long, MixPublicKey> publicKeys = new TreeMap<>();
        for (MixPrivateKey k : MixKeyFiles.readAll(keyDir)) {
            publicKeys.put(k.epoch(), k.publicKey());
            k.destroy();
        }
        return Collections.unmodifiableMap(publicKeys);
    }

    private static String peerExitTopic(String prefix) {
        return prefix + "." + PEER_ID + ".exit." + SERVICE;
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
        return keyAt(publicKeys, "the mixer under attack", nowMillis);
    }

    /** Whether the peer mixer runs (a defence preset, or {@code relayPeer}). */
    public boolean hasPeer() {
        return peer != null;
    }

    /** The peer mixer's id, the next hop of a two-hop route. */
    public String peerId() {
        return PEER_ID;
    }

    /**
     * This mixer's relay output towards the peer: the peer's ingress topic.
     *
     * @throws IllegalStateException if no peer runs
     */
    public String relayTopic() {
        requirePeer();
        return prefix + "." + PEER_ID + ".in";
    }

    /** The peer's public key for the epoch current at {@code nowMillis}, as a sender reads it from the directory. */
    public MixPublicKey peerPublicKeyAt(long nowMillis) {
        requirePeer();
        return keyAt(peerPublicKeys, "the peer mixer", nowMillis);
    }

    /**
     * The peer's private keys, read afresh from its key directory: for the harness's referee only, which
     * peels what this mixer relays to learn the ground truth (which record is a real packet). The adversary
     * never holds them. The caller destroys them.
     */
    List<MixPrivateKey> peerPrivateKeys() throws IOException {
        requirePeer();
        return MixKeyFiles.readAll(peerKeyDir);
    }

    private void requirePeer() {
        if (peer == null) {
            throw new IllegalStateException("no peer mixer runs: start with a defence preset or relayPeer");
        }
    }

    private MixPublicKey keyAt(Map<Long, MixPublicKey> keys, String whose, long nowMillis) {
        long epoch = schedule.epochAt(nowMillis);
        MixPublicKey key = keys.get(epoch);
        if (key == null) {
            throw new IllegalStateException(
                    "no key of " + whose + " for epoch " + epoch + "; provisioned " + keys.keySet());
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
