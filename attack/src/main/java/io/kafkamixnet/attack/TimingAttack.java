package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.DurationSetting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The time-correlation attack of a global passive adversary on one live mixer: it sees every ingress
 * record with its producer (the entry) and every exit record (the exit), and links each exit message
 * to a sender by timing and volume ({@link TimingAnalysis}), after learning the mixer's delays from a
 * few probe messages of its own. Clients send real messages and, per run, drop cover traffic at a
 * given rate; the success rate — exit messages whose sender it names — is reported against the base
 * rate 1/(number of senders), the chance of a guess without timing.
 *
 * <p>Who produced an ingress record is derived, not told, when the broker's log directory is known:
 * from the producer id of each record batch in the partition's log segments ({@link
 * LogSegmentEntries}). Without it the runner falls back to the clients' own record of their sends and
 * says so in the result ({@code entryView}).
 */
public final class TimingAttack {

    /**
     * @param clients     honest clients, at least 2
     * @param messageRate real messages per second per client (Poisson), positive
     * @param coverRates  drop cover packets per second per client, one run each, each 0 or more
     * @param duration    how long each run sends, positive
     * @param probeRate   the adversary's probe messages per second, positive
     * @param logDir      the broker's {@code log.dirs} directory, when the adversary has it
     */
    public record Settings(
            int clients,
            double messageRate,
            List<Double> coverRates,
            Duration duration,
            double probeRate,
            Optional<Path> logDir) {
        public Settings {
            if (clients < 2) {
                throw new IllegalArgumentException("the timing attack needs at least 2 clients, found " + clients);
            }
            positive("message rate", messageRate);
            positive("probe rate", probeRate);
            if (coverRates.isEmpty()) {
                throw new IllegalArgumentException("expected at least one cover rate, found none");
            }
            for (double c : coverRates) {
                if (!(c >= 0) || Double.isInfinite(c)) {
                    throw new IllegalArgumentException(
                            "a cover rate must be 0 or more packets/s per client, found " + c);
                }
            }
            coverRates = List.copyOf(coverRates);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        "duration must be positive, found " + DurationSetting.format(duration));
            }
        }

        private static void positive(String what, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(what + " must be a positive number per second, found " + v);
            }
        }
    }

    /** Told about once a second while a run sends. */
    public interface Progress {
        void running(double coverRate, long elapsedSeconds, long totalSeconds, int exitRecords);
    }

    private final ClientSettings cluster;
    private final MixerUnderAttack mixer;
    private final Settings settings;
    private final SecureRandom random = new SecureRandom();
    private int runs;

    public TimingAttack(ClientSettings cluster, MixerUnderAttack mixer, Settings settings) {
        this.cluster = cluster;
        this.mixer = mixer;
        this.settings = settings;
    }

    /** One run per cover rate, in order, on the same mixer. */
    public List<AttackResult> run(Progress progress) throws InterruptedException, IOException {
        List<AttackResult> results = new ArrayList<>();
        for (double coverRate : settings.coverRates()) {
            results.add(runOnce(coverRate, progress));
        }
        return results;
    }

    private AttackResult runOnce(double coverRate, Progress progress) throws InterruptedException, IOException {
        String run = "r" + runs++;
        PacketFactory packets = new PacketFactory(mixer, random);
        List<ExitObservation> exits = new ArrayList<>();
        List<SimulatedClient> clients = new ArrayList<>();
        SimulatedClient probe;
        try (ExitTap tap = new ExitTap(cluster, mixer.exitTopic(), o -> {
            synchronized (exits) {
                exits.add(o);
            }
        })) {
            try {
                for (int i = 0; i < settings.clients(); i++) {
                    clients.add(new SimulatedClient(
                            run + "-client-" + i,
                            cluster,
                            mixer.ingressTopic(),
                            packets,
                            settings.messageRate(),
                            coverRate,
                            random));
                }
                probe = new SimulatedClient(
                        run + "-probe", cluster, mixer.ingressTopic(), packets, settings.probeRate(), 0, random);
                clients.add(probe);
                long total = settings.duration().toSeconds();
                long start = System.nanoTime();
                while (System.nanoTime() - start < settings.duration().toNanos()) {
                    Thread.sleep(Math.min(1_000, Math.max(1, settings.duration().toMillis())));
                    int seen;
                    synchronized (exits) {
                        seen = exits.size();
                    }
                    progress.running(coverRate, (System.nanoTime() - start) / 1_000_000_000L, total, seen);
                }
                for (SimulatedClient c : clients) {
                    c.stop();
                }
                awaitDrain(clients, exits);
            } finally {
                for (SimulatedClient c : clients) {
                    c.close();
                }
            }
        }
        List<ExitObservation> observed;
        synchronized (exits) {
            observed = List.copyOf(exits);
        }
        return analyse(coverRate, clients, probe, observed);
    }

    /** Waits until every real message sent came out, at most a few seconds (a pool keeps n_min). */
    private void awaitDrain(List<SimulatedClient> clients, List<ExitObservation> exits) throws InterruptedException {
        int expected = 0;
        for (SimulatedClient c : clients) {
            expected += (int) c.sent().stream().filter(s -> !s.cover()).count();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (exits) {
                if (exits.size() >= expected) {
                    // Earlier runs' leftovers count too, so this can end early; the deadline bounds it anyway.
                    break;
                }
            }
            Thread.sleep(100);
        }
        Thread.sleep(500); // the last transaction's records
    }

    private AttackResult analyse(
            double coverRate, List<SimulatedClient> clients, SimulatedClient probe, List<ExitObservation> exits)
            throws IOException {
        // Ground truth (the harness's, never the adversary's): which client sent which payload and offset.
        Map<ByteBuffer, SimulatedClient> senderOfPayload = new HashMap<>();
        Map<ByteBuffer, Long> sentAtOfPayload = new HashMap<>();
        long minOffset = Long.MAX_VALUE;
        long maxOffset = Long.MIN_VALUE;
        for (SimulatedClient c : clients) {
            for (SimulatedClient.Sent s : c.sent()) {
                minOffset = Math.min(minOffset, s.offset());
                maxOffset = Math.max(maxOffset, s.offset());
                if (!s.cover()) {
                    senderOfPayload.put(ByteBuffer.wrap(s.payload()), c);
                    sentAtOfPayload.put(ByteBuffer.wrap(s.payload()), s.timestampMs());
                }
            }
        }

        // The adversary's entry view, and the label it gives each client's producer.
        List<EntryObservation> entries = new ArrayList<>();
        Map<SimulatedClient, String> labelOf = new HashMap<>();
        String entryView;
        if (settings.logDir().isPresent()) {
            entryView = "broker-log-segments";
            Map<Long, String> senderAtOffset = new HashMap<>();
            for (EntryObservation e : LogSegmentEntries.read(settings.logDir().get(), mixer.ingressTopic(), 0)) {
                if (e.offset() >= minOffset && e.offset() <= maxOffset) {
                    entries.add(e);
                    senderAtOffset.put(e.offset(), e.sender());
                }
            }
            for (SimulatedClient c : clients) {
                c.sent().stream()
                        .findFirst()
                        .map(s -> senderAtOffset.get(s.offset()))
                        .ifPresent(label -> labelOf.put(c, label));
            }
        } else {
            entryView = "sender-acks";
            for (SimulatedClient c : clients) {
                labelOf.put(c, c.name());
                for (SimulatedClient.Sent s : c.sent()) {
                    entries.add(new EntryObservation(s.offset(), s.timestampMs(), c.name()));
                }
            }
        }
        String ownLabel = labelOf.getOrDefault(probe, probe.name());

        // Calibration: the adversary's probes, whose entry and exit it knows.
        List<Long> probeDelays = new ArrayList<>();
        List<ExitObservation> targets = new ArrayList<>();
        for (ExitObservation x : exits) {
            ByteBuffer key = ByteBuffer.wrap(x.payload());
            SimulatedClient sender = senderOfPayload.get(key);
            if (sender == probe) {
                probeDelays.add(x.timestampMs() - sentAtOfPayload.get(key));
            } else if (sender != null) {
                targets.add(x);
            }
        }
        int probesSent = probe.sent().size();

        double successes = 0;
        double entropy = 0;
        double truePosterior = 0;
        int trials = 0;
        Map<String, Object> notes = new LinkedHashMap<>();
        TimingAnalysis analysis = null;
        if (!probeDelays.isEmpty()) {
            DelayModel model = new DelayModel(probeDelays);
            analysis = new TimingAnalysis(model, entries, ownLabel);
            for (ExitObservation x : targets) {
                String truth = labelOf.get(senderOfPayload.get(ByteBuffer.wrap(x.payload())));
                if (truth == null) {
                    continue; // its sender's records were not in the log view: not counted either way
                }
                Map<String, Double> posterior = analysis.posterior(x.timestampMs());
                successes += TimingAnalysis.guessCredit(posterior, truth);
                entropy += TimingAnalysis.entropyBits(posterior);
                truePosterior += posterior.getOrDefault(truth, 0.0);
                trials++;
            }
            notes.put("delayBandwidthMs", model.bandwidthMs());
        } else {
            notes.put("problem", "no probe came out of the mixer: the adversary learnt no delays");
        }
        int senders = analysis == null
                ? settings.clients()
                : Math.max(1, analysis.senders().size());
        int realSent = 0;
        int coverSent = 0;
        for (SimulatedClient c : clients) {
            if (c == probe) {
                continue;
            }
            for (SimulatedClient.Sent s : c.sent()) {
                if (s.cover()) {
                    coverSent++;
                } else {
                    realSent++;
                }
            }
        }
        notes.put("entryView", entryView);
        notes.put("clients", settings.clients());
        notes.put("sendersSeenAtEntry", senders);
        notes.put("messageRatePerClient", settings.messageRate());
        notes.put("seconds", settings.duration().toSeconds());
        notes.put("messagesSent", realSent);
        notes.put("coverPacketsSent", coverSent);
        notes.put("probesSent", probesSent);
        notes.put("probesSeenAtExit", probeDelays.size());
        notes.put("meanEntropyBits", trials == 0 ? 0.0 : entropy / trials);
        notes.put("meanPosteriorOfTrueSender", trials == 0 ? 0.0 : truePosterior / trials);
        Map<String, Object> defences = new LinkedHashMap<>();
        defences.put("coverRate", coverRate);
        defences.putAll(mixer.defenceSettings());
        return new AttackResult(
                "timing",
                mixer.strategy().label(),
                mixer.strategy().mixerProperties(),
                defences,
                trials,
                successes,
                1.0 / senders,
                Stats.of(List.of()),
                Stats.of(List.of(probesSent)),
                Stats.of(List.of()),
                notes);
    }
}
