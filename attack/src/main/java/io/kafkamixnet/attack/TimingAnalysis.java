package io.kafkamixnet.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The timing-correlation adversary: for an exit record at time t it scores every sender s by
 * Σ f(t − t_e) over the entry records e of s, where f is the {@link DelayModel} learnt from its
 * probes; normalised, that is the posterior over senders if the exit came from one of the entries
 * with delay density f (uniform prior per entry — so a sender who sends more, the volume signal,
 * weighs more). It names the most likely sender. Entries of the adversary's own sender are left
 * out: it knows them.
 */
public final class TimingAnalysis {

    private final DelayModel delays;
    private final List<EntryObservation> entries;
    private final Set<String> senders;

    /**
     * @param entries   the ingress records, any order
     * @param ownSender the adversary's own sender label, whose entries it discards
     */
    public TimingAnalysis(DelayModel delays, List<EntryObservation> entries, String ownSender) {
        this.delays = delays;
        List<EntryObservation> others = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (EntryObservation e : entries) {
            if (!e.sender().equals(ownSender)) {
                others.add(e);
                names.add(e.sender());
            }
        }
        others.sort(Comparator.comparingLong(EntryObservation::timestampMs));
        this.entries = others;
        this.senders = Set.copyOf(names);
    }

    /** Every sender the adversary may name: the anonymity set before any timing is used. */
    public Set<String> senders() {
        return senders;
    }

    /**
     * The posterior over senders of an exit record at {@code exitTimestampMs}: sums to 1; uniform over
     * every sender when no entry lies within the delay model's horizon.
     */
    public Map<String, Double> posterior(long exitTimestampMs) {
        Map<String, Double> score = new LinkedHashMap<>();
        double from = exitTimestampMs - delays.horizonMs();
        double total = 0;
        for (int i = firstAtOrAfter(from); i < entries.size(); i++) {
            EntryObservation e = entries.get(i);
            double d = exitTimestampMs - e.timestampMs();
            if (d < -DelayModel.CLOCK_TOLERANCE_MS) {
                break;
            }
            double f = delays.density(d);
            if (f > 0) {
                score.merge(e.sender(), f, Double::sum);
                total += f;
            }
        }
        Map<String, Double> posterior = new LinkedHashMap<>();
        if (total <= 0) {
            for (String s : senders) {
                posterior.put(s, 1.0 / senders.size());
            }
            return posterior;
        }
        for (Map.Entry<String, Double> e : score.entrySet()) {
            posterior.put(e.getKey(), e.getValue() / total);
        }
        return posterior;
    }

    /**
     * How much a guess of the most likely sender is worth when {@code truth} sent the message: 1 if it
     * alone is most likely, 1/k if it ties with k-1 others, 0 otherwise.
     */
    public static <K> double guessCredit(Map<K, Double> posterior, K truth) {
        double best = posterior.values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        if (best <= 0) {
            return 0;
        }
        // Equal within rounding: two senders whose entries sit at the same distance score the same.
        long ties = posterior.values().stream()
                .filter(p -> Math.abs(p - best) <= 1e-12)
                .count();
        Double p = posterior.get(truth);
        return p != null && Math.abs(p - best) <= 1e-12 ? 1.0 / ties : 0;
    }

    /** Shannon entropy in bits of a posterior: log2 of the effective anonymity set (Serjantov & Danezis 2002). */
    public static double entropyBits(Map<?, Double> posterior) {
        double h = 0;
        for (double p : posterior.values()) {
            if (p > 0) {
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    private int firstAtOrAfter(double timestampMs) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).timestampMs() < timestampMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
