package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.DurationSetting;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The n-1 (flooding and trickle) attack of Serjantov, Dingledine &amp; Syverson (2002) on one live
 * mixer. Honest senders send through the attacker's {@link IngressGate}; per trial the attacker
 *
 * <ol>
 *   <li>holds back all honest traffic;
 *   <li><em>flushes</em> the mixer: sends rounds of its own packets (or, for a timed or continuous mix,
 *       just waits) until as many foreign packets left the mixer as honest ones it ever let in — now
 *       only its own packets are inside;
 *   <li>lets exactly one honest packet through — the target — and floods rounds of its own packets
 *       until a packet that is not its own leaves: that output is the target's. If one round emits
 *       several foreign outputs (it cannot with correct bookkeeping) it guesses among them;
 *   <li>releases the held traffic and lets the network run a moment before the next trial.
 * </ol>
 *
 * <p>The attacker recognises its own outputs by their payloads (a Sphinx sender knows what its packet
 * delivers). A trial succeeds when the output it links carries the target's payload (ground truth the
 * harness keeps, never shown to the attacker); it fails when wrong or when no link is made within the
 * trial timeout.
 */
public final class NMinusOneAttack {

    /** Quiet time that ends a round: the mixer commits every 100 ms. */
    private static final long QUIET_MILLIS = 250;

    /**
     * @param trials        targets to attack, at least 1
     * @param honestSenders honest senders, at least 1
     * @param honestRate    packets per second each honest sender sends (Poisson), positive
     * @param flood         own packets per attack round, at least 0
     * @param trialTimeout  a trial that has not linked its target by then fails
     */
    public record Settings(int trials, int honestSenders, double honestRate, int flood, Duration trialTimeout) {
        public Settings {
            if (trials < 1) {
                throw new IllegalArgumentException("trials must be at least 1, found " + trials);
            }
            if (honestSenders < 1) {
                throw new IllegalArgumentException("honest senders must be at least 1, found " + honestSenders);
            }
            if (!(honestRate > 0) || Double.isInfinite(honestRate)) {
                throw new IllegalArgumentException(
                        "honest rate must be a positive number of packets/s, found " + honestRate);
            }
            if (flood < 0) {
                throw new IllegalArgumentException("flood must be 0 or more packets per round, found " + flood);
            }
            if (trialTimeout.isNegative() || trialTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "trial timeout must be positive, found " + DurationSetting.format(trialTimeout));
            }
        }
    }

    /** Told after every trial. */
    public interface Progress {
        void trialDone(int done, int total, int successes);
    }

    private final ClientSettings cluster;
    private final MixerUnderAttack mixer;
    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    private final OutputLedger ledger = new OutputLedger();
    private long ownSeq;

    public NMinusOneAttack(ClientSettings cluster, MixerUnderAttack mixer, Settings settings) {
        this.cluster = cluster;
        this.mixer = mixer;
        this.settings = settings;
    }

    /** One trial's outcome. */
    record Trial(
            boolean linked,
            boolean correct,
            int rounds,
            int packets,
            int flushRounds,
            double seconds,
            int ambiguous,
            int outputsInAttack) {}

    /** Runs all trials on the mixer and summarises them. */
    public AttackResult run(Progress progress) throws InterruptedException {
        String linkTopic = mixer.gateTopic();
        OwnTopics.create(cluster, linkTopic);
        PacketFactory packets = new PacketFactory(mixer, random);
        List<Trial> trials = new ArrayList<>();
        Map<String, Object> producerConfig = new HashMap<>(cluster.asClientConfig());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (ExitTap tap = new ExitTap(cluster, mixer.exitTopic(), ledger::observe);
                IngressGate gate = new IngressGate(cluster, linkTopic, mixer.ingressTopic());
                HonestSenders honest = new HonestSenders(
                        cluster, linkTopic, packets, settings.honestSenders(), settings.honestRate());
                KafkaProducer<byte[], byte[]> attacker =
                        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            Thread.sleep(1_000); // honest traffic flows before the first trial, so the mixer holds some
            int successes = 0;
            for (int i = 0; i < settings.trials(); i++) {
                Trial t = trial(gate, honest, attacker, packets);
                trials.add(t);
                if (t.correct()) {
                    successes++;
                }
                progress.trialDone(i + 1, settings.trials(), successes);
            }
        }
        return summarise(trials);
    }

    private Trial trial(
            IngressGate gate, HonestSenders honest, KafkaProducer<byte[], byte[]> attacker, PacketFactory packets)
            throws InterruptedException {
        AttackStrategy strategy = mixer.strategy();
        long start = System.nanoTime();
        long deadline = start + settings.trialTimeout().toNanos();
        int rounds = 0;
        int sent = 0;
        int flushRounds = 0;
        gate.hold();
        try {
            // 1. Flush: until every honest packet let in has come out again.
            while (gate.forwarded() - ledger.foreignCount() > 0) {
                if (System.nanoTime() > deadline) {
                    return new Trial(false, false, rounds, sent, flushRounds, seconds(start), 0, 0);
                }
                int before = ledger.total();
                int n = flushPackets(strategy);
                if (n > 0) {
                    sendOwn(attacker, packets, n);
                    sent += n;
                    rounds++;
                    flushRounds++;
                }
                ledger.awaitRound(before, QUIET_MILLIS, roundMaxMillis(strategy));
            }
            // 2. Trickle the target in, flood around it, and watch for the one output that is not ours.
            int foreignBefore = ledger.foreignCount();
            int outputsBefore = ledger.total();
            byte[] target = gate.releaseOne(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (target == null) {
                return new Trial(false, false, rounds, sent, flushRounds, seconds(start), 0, 0);
            }
            List<ExitObservation> candidates = List.of();
            while (candidates.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    // Not linked; what came out since the release is still what a passive observer saw.
                    return new Trial(
                            false, false, rounds, sent, flushRounds, seconds(start), 0, ledger.total() - outputsBefore);
                }
                int before = ledger.total();
                int n = settings.flood();
                if (n > 0) {
                    sendOwn(attacker, packets, n);
                    sent += n;
                }
                rounds++;
                ledger.awaitRound(before, QUIET_MILLIS, roundMaxMillis(strategy));
                candidates = ledger.foreignFrom(foreignBefore);
            }
            ExitObservation linked = candidates.get(random.nextInt(candidates.size()));
            byte[] truth = honest.payloadOf(target).orElse(null);
            boolean correct = truth != null && Arrays.equals(linked.payload(), truth);
            return new Trial(
                    true,
                    correct,
                    rounds,
                    sent,
                    flushRounds,
                    seconds(start),
                    candidates.size() - 1,
                    ledger.total() - outputsBefore);
        } finally {
            gate.pass();
            Thread.sleep(300); // the held traffic enters the mixer: the next target starts in a busy mix
        }
    }

    /** Own packets per flushing round: only a mix that needs arrivals to release anything is flooded. */
    private int flushPackets(AttackStrategy strategy) {
        return switch (strategy) {
            case THRESHOLD -> AttackStrategy.THRESHOLD_BATCH;
            case POOL -> Math.max(1, settings.flood());
            case TIMED, CONTINUOUS -> 0;
        };
    }

    private static long roundMaxMillis(AttackStrategy strategy) {
        return switch (strategy) {
            case THRESHOLD -> 3_000;
            case TIMED, POOL -> 3 * AttackStrategy.INTERVAL.toMillis() + 400;
            case CONTINUOUS -> 5 * AttackStrategy.CONTINUOUS_MEAN_DELAY.toMillis() + 400;
        };
    }

    private void sendOwn(KafkaProducer<byte[], byte[]> attacker, PacketFactory packets, int n)
            throws InterruptedException {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] payload = ("attacker:" + ownSeq++).getBytes(StandardCharsets.UTF_8);
            ledger.registerOwn(payload);
            acks.add(attacker.send(new ProducerRecord<>(mixer.ingressTopic(), 0, null, packets.exit(payload))));
        }
        for (var ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the attacker's packet was not accepted by the broker: " + e, e);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The passive observer's chance of naming the target's output: the mean over trials of 1/(outputs
     * from the target's release to the trial's end: its link, or the deadline when the attacker did not
     * link it). It is a property of the traffic, not of the attack's success, so unlinked trials count.
     * Trials with no output since a release (none released, or the target still held) say nothing and
     * are left out; NaN if no trial says anything.
     */
    static double baseRate(List<Trial> trials) {
        double sum = 0;
        int counted = 0;
        for (Trial t : trials) {
            if (t.outputsInAttack() > 0) {
                sum += 1.0 / t.outputsInAttack();
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    private AttackResult summarise(List<Trial> trials) {
        List<Integer> rounds = new ArrayList<>();
        List<Integer> packets = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<Integer> flushRounds = new ArrayList<>();
        int successes = 0;
        int timeouts = 0;
        int ambiguous = 0;
        int linked = 0;
        for (Trial t : trials) {
            if (t.correct()) {
                successes++;
            }
            if (!t.linked()) {
                timeouts++;
                continue;
            }
            linked++;
            rounds.add(t.rounds());
            packets.add(t.packets());
            seconds.add(t.seconds());
            ambiguous += t.ambiguous() > 0 ? 1 : 0;
            flushRounds.add(t.flushRounds());
        }
        Map<String, Object> defences = new LinkedHashMap<>(mixer.defenceSettings());
        defences.put("honestCoverRate", 0.0);
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("honestSenders", settings.honestSenders());
        notes.put("honestRatePerSender", settings.honestRate());
        notes.put("floodPerRound", settings.flood());
        notes.put("flushRounds", Stats.of(flushRounds));
        notes.put("timeouts", timeouts);
        notes.put("ambiguousLinks", ambiguous);
        notes.put("wrongLinks", linked - successes);
        notes.put("trialTimeoutSeconds", settings.trialTimeout().toSeconds());
        // What the mixer's own instruments saw: the heartbeat test's alarms (detection) and loop counts.
        var metrics = mixer.application().metrics();
        notes.put("heartbeatAlarmsRaised", metrics.heartbeatAlarmsRaised());
        notes.put("loopsSent", metrics.loopsSentCount());
        notes.put("loopsReturned", metrics.loopsReturnedCount());
        notes.put("dummiesSent", metrics.dummiesSentCount());
        notes.put(
                "baseRateMeaning",
                "mean of 1/(outputs from the target's release to its link, or to the trial's end when not linked):"
                        + " the chance of an observer who cannot tell the attacker's packets from honest ones; trials"
                        + " that ended before the target was released do not count");
        return new AttackResult(
                "n-1",
                mixer.strategy().label(),
                mixer.strategy().mixerProperties(),
                defences,
                trials.size(),
                successes,
                baseRate(trials),
                Stats.of(rounds),
                Stats.of(packets),
                Stats.of(seconds),
                notes);
    }
}
