package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Timing correlation at the mixer's relay output: the seed's timed-mix weakness, and what dummies do to
 * it. One honest sender sends one packet per trial along a two-hop route (the mixer under attack, then
 * the peer mixer, then the exit), alone in the mixer's interval; the adversary — the broker operator —
 * sees when it entered (the ingress record's timestamp) and every record the mixer relays to the peer
 * (offset and timestamp; the bytes are Sphinx packets under the peer's key), and names the relayed record
 * it believes is the target ({@link RelayTimingAnalysis}). Without dummies the target is its release's only
 * record; with {@code dummy.min-batch = m} it leaves among {@code m − 1} dummies, all dropped at the peer.
 *
 * <p>The adversary first calibrates with packets of its own, sent the same way: their delays give it the
 * delay model, and their positions in their releases (shown to it by the harness's referee, as if it ran
 * the same software with keys of its own) the position prior — its best order guess, whatever bias the
 * mixer's order has. A trial succeeds when the named record is the target's (ground truth: the referee
 * peels each relayed record with the peer's key); ties split the credit. The base rate is the mean of
 * 1/(records in the target's release): the chance of a guess that knows the release but not the order.
 */
public final class RelayTimingAttack {

    /** Quiet time after the target's record that ends its release: the mixer commits every 100 ms. */
    private static final long QUIET_MILLIS = 250;

    /** Longest warm-up: until the mixer tops up releases (it needs the peer in the directory). */
    private static final Duration WARM_UP = Duration.ofSeconds(60);

    /**
     * @param trials              target packets, one per trial, at least 1
     * @param calibrationReleases the adversary's own calibration packets, one per release, at least 1
     * @param trialTimeout        a target not relayed by then fails its trial
     */
    public record Settings(int trials, int calibrationReleases, Duration trialTimeout) {
        public Settings {
            if (trials < 1) {
                throw new IllegalArgumentException("trials must be at least 1, found " + trials);
            }
            if (calibrationReleases < 1) {
                throw new IllegalArgumentException(
                        "calibration releases must be at least 1, found " + calibrationReleases);
            }
            if (trialTimeout.isNegative() || trialTimeout.isZero()) {
                throw new IllegalArgumentException("trial timeout must be positive, found " + trialTimeout);
            }
        }
    }

    /** Told after every calibration packet and every trial. */
    public interface Progress {
        void step(String phase, int done, int total);
    }

    /**
     * Whether this measurement applies to a strategy: it needs a mixer that releases a lone packet (timed,
     * continuous); a threshold or pool mixer holds one packet per interval forever.
     */
    public static boolean supports(AttackStrategy strategy) {
        return strategy == AttackStrategy.TIMED || strategy == AttackStrategy.CONTINUOUS;
    }

    private final ClientSettings cluster;
    private final MixerUnderAttack mixer;
    private final Settings settings;
    private final SecureRandom random = new SecureRandom();

    /**
     * @throws IllegalArgumentException if the mixer's strategy is not {@linkplain #supports supported} or it
     *     runs without a peer
     */
    public RelayTimingAttack(ClientSettings cluster, MixerUnderAttack mixer, Settings settings) {
        if (!supports(mixer.strategy())) {
            throw new IllegalArgumentException("the relay timing attack needs a timed or continuous mixer, found "
                    + mixer.strategy().label());
        }
        if (!mixer.hasPeer()) {
            throw new IllegalArgumentException(
                    "the relay timing attack needs the mixer's peer for its two-hop routes: start it with relayPeer");
        }
        this.cluster = cluster;
        this.mixer = mixer;
        this.settings = settings;
    }

    /** What a sender learns from the broker's acknowledgement: the ingress record's offset and timestamp. */
    private record Entry(long offset, long timestampMs) {}

    /** One trial's target: when it entered and what it carries (ground truth). */
    private record Target(Entry entry, byte[] payload) {}

    /** One producer of its own (one producer id at the broker), sending one record at a time. */
    private static final class Sender implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;

        Sender(ClientSettings cluster, String topic) {
            Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            this.topic = topic;
        }

        Entry send(byte[] envelope) throws InterruptedException {
            try {
                RecordMetadata md = producer.send(new ProducerRecord<>(topic, 0, null, envelope))
                        .get(30, TimeUnit.SECONDS);
                return new Entry(md.offset(), md.timestamp());
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a packet to " + topic + " was not accepted by the broker: " + e, e);
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Warm-up, calibration, then the trials; one result row. */
    public AttackResult run(Progress progress) throws InterruptedException, IOException {
        PacketFactory packets = new PacketFactory(mixer, random);
        RelayLedger ledger = new RelayLedger();
        List<Long> probeDelays = new ArrayList<>();
        PositionPrior prior = new PositionPrior();
        List<Target> targets = new ArrayList<>();
        int probesSent = 0;
        int warmUpPackets;
        try (RelayReferee referee = new RelayReferee(mixer.peerPrivateKeys());
                TopicTap tap = new TopicTap(
                        cluster,
                        mixer.relayTopic(),
                        "mixnet-attack-relay-tap",
                        r -> ledger.observe(r.offset(), r.timestamp(), referee.exitPayload(r.value())));
                Sender honest = new Sender(cluster, mixer.ingressTopic());
                Sender adversary = new Sender(cluster, mixer.ingressTopic())) {
            warmUpPackets = warmUp(adversary, packets, ledger);
            for (int i = 0; i < settings.calibrationReleases(); i++) {
                byte[] payload = ("probe:" + i).getBytes(StandardCharsets.UTF_8);
                Target sent = sendAlone(adversary, packets, payload);
                probesSent++;
                Optional<RelayObservation> out = ledger.awaitRelease(
                        payload, QUIET_MILLIS, settings.trialTimeout().toMillis());
                // The adversary knows which record is its own probe (the referee stands in for its keys).
                Optional<Releases.Placement> placed =
                        out.flatMap(o -> new Releases(ledger.observations()).at(o.offset()));
                if (placed.isPresent()) {
                    probeDelays.add(placed.get().releaseMs() - sent.entry().timestampMs());
                    prior.learn(placed.get().size(), placed.get().position());
                }
                progress.step("calibration", i + 1, settings.calibrationReleases());
            }
            for (int i = 0; i < settings.trials(); i++) {
                byte[] payload = ("honest:" + i).getBytes(StandardCharsets.UTF_8);
                targets.add(sendAlone(honest, packets, payload));
                ledger.awaitRelease(
                        payload, QUIET_MILLIS, settings.trialTimeout().toMillis());
                progress.step("trial", i + 1, settings.trials());
            }
        }
        return analyse(ledger, probeDelays, prior, targets, probesSent, warmUpPackets);
    }

    /**
     * Sends one packet at a random moment of the mixer's interval (so it is alone in its release and its
     * arrival phase is uniform).
     */
    private Target sendAlone(Sender sender, PacketFactory packets, byte[] payload) throws InterruptedException {
        Thread.sleep(random.nextLong(AttackStrategy.INTERVAL.toMillis() + 1));
        return new Target(sender.send(packets.relayExit(payload)), payload);
    }

    /**
     * Sends the adversary's packets one release at a time until the mixer's dummies flow (when the mixer
     * has any: it builds them once the directory lists the peer) or, without dummies, once.
     */
    private int warmUp(Sender adversary, PacketFactory packets, RelayLedger ledger) throws InterruptedException {
        boolean dummies = Boolean.TRUE.equals(mixer.defenceSettings().get("mixerDummies"));
        long deadline = System.nanoTime() + WARM_UP.toNanos();
        int sent = 0;
        do {
            byte[] payload = ("warm-up:" + sent).getBytes(StandardCharsets.UTF_8);
            sendAlone(adversary, packets, payload);
            sent++;
            ledger.awaitRelease(payload, QUIET_MILLIS, settings.trialTimeout().toMillis());
        } while (dummies && mixer.application().metrics().dummiesSentCount() == 0 && System.nanoTime() < deadline);
        return sent;
    }

    private AttackResult analyse(
            RelayLedger ledger,
            List<Long> probeDelays,
            PositionPrior prior,
            List<Target> targets,
            int probesSent,
            int warmUpPackets) {
        Releases releases = new Releases(ledger.observations());
        Map<String, Object> notes = new LinkedHashMap<>();
        double successes = 0;
        double entropy = 0;
        double truePosterior = 0;
        double base = 0;
        int linked = 0;
        int timeouts = 0;
        List<Integer> releaseSizes = new ArrayList<>();
        // Ground truth, reported after the fact (the adversary never sees it): where the honest packet sat.
        PositionPrior truePositions = new PositionPrior();
        int wrongRelease = 0;
        RelayTimingAnalysis analysis = null;
        if (!probeDelays.isEmpty()) {
            DelayModel model = new DelayModel(probeDelays);
            analysis = new RelayTimingAnalysis(model, prior, releases);
            notes.put("delayBandwidthMs", model.bandwidthMs());
        } else {
            notes.put("problem", "no calibration packet came out of the mixer: the adversary learnt no delays");
        }
        for (Target t : targets) {
            Optional<Releases.Placement> truth = ledger.recordOf(t.payload()).flatMap(o -> releases.at(o.offset()));
            if (truth.isEmpty()) {
                timeouts++;
                continue;
            }
            linked++;
            releaseSizes.add(truth.get().size());
            base += 1.0 / truth.get().size();
            truePositions.learn(truth.get().size(), truth.get().position());
            if (analysis != null) {
                Map<Long, Double> posterior = analysis.posterior(t.entry().timestampMs());
                long offset = truth.get().record().offset();
                long release = truth.get().releaseMs();
                double best = posterior.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0);
                boolean bestInRelease = posterior.entrySet().stream()
                        .anyMatch(e -> e.getValue() >= best - 1e-12
                                && releases.at(e.getKey())
                                        .map(pl -> pl.releaseMs() == release)
                                        .orElse(false));
                if (!bestInRelease) {
                    wrongRelease++;
                }
                successes += TimingAnalysis.guessCredit(posterior, offset);
                entropy += TimingAnalysis.entropyBits(posterior);
                truePosterior += posterior.getOrDefault(offset, 0.0);
            }
        }
        int trials = targets.size();
        double baseRate = linked == 0 ? 0 : base / linked;
        Map<String, Object> defences = new LinkedHashMap<>();
        defences.put("coverRate", 0.0);
        defences.putAll(mixer.defenceSettings());
        notes.put(
                "observed",
                "the mixer's relay output (" + mixer.peerId() + "'s ingress topic) on a two-hop route: "
                        + "the mixer under attack relays, " + mixer.peerId() + " exits");
        notes.put("honestSenders", 1);
        notes.put(
                "honestLoad",
                "one packet per trial, alone in its release, at a uniformly random moment of the" + " interval");
        notes.put(
                "adversary",
                "timing picks the release (delay density from its calibration packets), the calibrated"
                        + " position prior the record in it; it names the most likely record, ties split");
        notes.put(
                "baseRateMeaning",
                "mean of 1/(records in the target's release): a guess that knows the release but not the order");
        notes.put(
                "calibrationReleases",
                prior.counts().values().stream()
                        .mapToInt(c -> Arrays.stream(c).sum())
                        .sum());
        notes.put("calibrationPositions", positionsForReport(prior));
        notes.put("honestPositions", positionsForReport(truePositions));
        notes.put("wrongReleaseGuesses", wrongRelease);
        notes.put("warmUpPackets", warmUpPackets);
        notes.put("timeouts", timeouts);
        notes.put("releaseSize", Stats.of(releaseSizes));
        notes.put("meanEntropyBits", linked == 0 ? 0.0 : entropy / linked);
        notes.put("meanPosteriorOfTrueRecord", linked == 0 ? 0.0 : truePosterior / linked);
        notes.put("pValueVsBaseRate", BinomialTail.atLeast(trials, baseRate, successes));
        var metrics = mixer.application().metrics();
        notes.put("dummiesSent", metrics.dummiesSentCount());
        notes.put("dummiesNotBuilt", metrics.coverNotBuiltCount());
        return new AttackResult(
                "timing",
                mixer.strategy().label(),
                mixer.strategy().mixerProperties(),
                defences,
                trials,
                successes,
                baseRate,
                Stats.of(List.of()),
                Stats.of(List.of(probesSent)),
                Stats.of(List.of()),
                notes);
    }

    /** Calibration counts as {@code size → [count at position 0, 1, …]}, sizes ascending. */
    private static Map<String, List<Integer>> positionsForReport(PositionPrior prior) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        new TreeMap<>(prior.counts())
                .forEach((size, counts) -> out.put(
                        Integer.toString(size), Arrays.stream(counts).boxed().toList()));
        return out;
    }
}
