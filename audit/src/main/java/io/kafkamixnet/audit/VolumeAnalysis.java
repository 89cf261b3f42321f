package io.kafkamixnet.audit;

import io.kafkamixnet.audit.ProducerVolume.ActivityComparison;
import io.kafkamixnet.audit.ProducerVolume.Dispersion;
import io.kafkamixnet.audit.ProducerVolume.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * Per-producer volume over time: does the number of packets a client writes say when it is busy?
 *
 * <p>The broker operator sees, for every first-hop record (one not written by a mixer) in a mixer's ingress
 * topic, its producer id and its time. A client that sends cover traffic in addition to its requests writes
 * more when it is busy; a client with rate shaping writes at one constant Poisson rate whatever it does. Per
 * producer and topic this counts the records in windows of a fixed width and runs two tests:
 *
 * <ol>
 *   <li>the Poisson dispersion test ({@link Dispersion}) of the window counts against a Poisson process of
 *       their own mean: needs nothing but the logs;
 *   <li>when the audit is told when real requests were sent ({@link VolumeSettings#activity()}), the exact
 *       conditional test of two Poisson rates ({@link ActivityComparison}), inside those periods against
 *       outside.
 * </ol>
 *
 * <p>Each test is run at level {@code alpha / tests} (Bonferroni over every test of the audit), so an audit of
 * producers that all send at a constant Poisson rate flags one with probability at most {@code alpha}. The
 * null hypothesis is a Poisson process; a producer with a constant but non-Poisson rate (periodic, say) is
 * more regular than Poisson, which the one-sided dispersion test does not flag and the conditional rate test
 * only shows as conservative.
 */
final class VolumeAnalysis {

    /** Fewer windows than this: the dispersion test is not run. */
    static final int MIN_WINDOWS = 5;

    /** Fewer packets per window on average: the χ² approximation of the dispersion statistic is poor. */
    static final double MIN_MEAN_PER_WINDOW = 1.0;

    /** Fewer packets strictly inside the producer's span: the activity comparison is not run. */
    static final int MIN_PACKETS = 5;

    private VolumeAnalysis() {}

    private record Key(long producerId, String topic) {}

    /**
     * Counts and tests every first-hop producer's records in the mixers' ingress topics with a timestamp in
     * {@code [lo, hi)}.
     */
    static VolumeReport run(TopicLogs logs, NetworkLayout layout, VolumeSettings settings, long lo, long hi) {
        Map<String, String> ingress = new TreeMap<>();
        for (ObservedMixer m : layout.mixers()) {
            ingress.putIfAbsent(m.ingressTopic(), m.mixerId());
        }
        Map<Key, List<Long>> times = new LinkedHashMap<>();
        long withoutId = 0;
        for (String topic : ingress.keySet()) {
            for (LoggedRecord r : logs.records(topic)) {
                if (!r.outcome().visibleCommitted()
                        || layout.writer(r).isPresent()
                        || r.timestamp() < lo
                        || r.timestamp() >= hi) {
                    continue;
                }
                if (r.producerId() < 0) {
                    withoutId++;
                    continue;
                }
                times.computeIfAbsent(new Key(r.producerId(), topic), k -> new ArrayList<>())
                        .add(r.timestamp());
            }
        }
        long w = settings.window().toMillis();
        List<Counted> counted = new ArrayList<>();
        int tests = 0;
        for (Map.Entry<Key, List<Long>> e : times.entrySet()) {
            long[] t = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            Counted c = count(e.getKey(), ingress.get(e.getKey().topic()), t, w, settings.activity());
            tests += c.dispersionTestable() ? 1 : 0;
            tests += c.activityTestable() ? 1 : 0;
            counted.add(c);
        }
        double level = tests == 0 ? settings.alpha() : settings.alpha() / tests;
        List<ProducerVolume> series = new ArrayList<>();
        for (Counted c : counted) {
            series.add(c.judge(level));
        }
        series.sort(Comparator.comparingDouble(VolumeAnalysis::smallestP)
                .thenComparingLong(ProducerVolume::producerId)
                .thenComparing(ProducerVolume::topic));
        return new VolumeReport(w, settings.alpha(), tests, settings.activity(), series, withoutId);
    }

    /**
     * One series tested on its own, each test at {@code settings.alpha()} (no correction: there is one
     * series). {@code sortedTimes} are its records' timestamps in epoch ms, ascending, at least one.
     */
    static ProducerVolume testOne(long producerId, String topic, long[] sortedTimes, VolumeSettings settings) {
        return count(
                        new Key(producerId, topic),
                        "-",
                        sortedTimes,
                        settings.window().toMillis(),
                        settings.activity())
                .judge(settings.alpha());
    }

    private static double smallestP(ProducerVolume v) {
        double p = Double.isNaN(v.dispersion().pValue()) ? 2 : v.dispersion().pValue();
        if (v.activity() != null && !Double.isNaN(v.activity().pValue())) {
            p = Math.min(p, v.activity().pValue());
        }
        return p;
    }

    /** One series counted, its statistics computed, its verdicts waiting for the per-test level. */
    private record Counted(
            Key key,
            String mixerId,
            long[] times,
            long windowMillis,
            long windowStart,
            int[] counts,
            double dispersionStatistic,
            double dispersionP,
            long activePackets,
            long activeMillis,
            long idlePackets,
            long idleMillis,
            double activityP,
            boolean activityGiven) {

        boolean dispersionTestable() {
            return !Double.isNaN(dispersionP);
        }

        boolean activityTestable() {
            return !Double.isNaN(activityP);
        }

        ProducerVolume judge(double level) {
            int k = counts.length;
            double mean = k == 0 ? Double.NaN : Arrays.stream(counts).sum() / (double) k;
            Dispersion d = new Dispersion(
                    k,
                    mean,
                    k > 1 && mean > 0 ? dispersionStatistic / (k - 1) : Double.NaN,
                    dispersionStatistic,
                    Math.max(0, k - 1),
                    dispersionP,
                    verdict(dispersionP, level));
            ActivityComparison a = null;
            if (activityGiven && activeMillis > 0 && idleMillis > 0) {
                double activeRate = activePackets / (activeMillis / 1000.0);
                double idleRate = idlePackets / (idleMillis / 1000.0);
                a = new ActivityComparison(
                        activePackets,
                        activeMillis / 1000.0,
                        idlePackets,
                        idleMillis / 1000.0,
                        idleRate > 0 ? activeRate / idleRate : Double.POSITIVE_INFINITY,
                        activityP,
                        verdict(activityP, level));
            }
            List<Integer> boxed = Arrays.stream(counts).boxed().toList();
            return new ProducerVolume(
                    key.producerId(),
                    key.topic(),
                    mixerId,
                    times.length,
                    times[0],
                    times[times.length - 1],
                    windowMillis,
                    windowStart,
                    boxed,
                    d,
                    a);
        }
    }

    private static Verdict verdict(double p, double level) {
        if (Double.isNaN(p)) {
            return Verdict.NOT_TESTED;
        }
        return p < level ? Verdict.VARIES : Verdict.CONSTANT_RATE;
    }

    private static Counted count(Key key, String mixerId, long[] t, long w, List<ActivityPeriod> activity) {
        long first = t[0];
        long last = t[t.length - 1];
        // Whole windows [i·w, (i+1)·w) between the first and the last record.
        long firstWindow = Math.floorDiv(first + w - 1, w);
        long endWindow = Math.floorDiv(last, w);
        int k = (int) Math.max(0, endWindow - firstWindow);
        int[] counts = new int[k];
        for (long at : t) {
            long i = Math.floorDiv(at, w) - firstWindow;
            if (i >= 0 && i < k) {
                counts[(int) i]++;
            }
        }
        double statistic = Double.NaN;
        double p = Double.NaN;
        long total = Arrays.stream(counts).asLongStream().sum();
        if (k >= MIN_WINDOWS && total >= MIN_MEAN_PER_WINDOW * k) {
            double mean = total / (double) k;
            statistic = 0;
            for (int c : counts) {
                statistic += (c - mean) * (c - mean) / mean;
            }
            // Upper tail of χ²(k−1): Q(ν/2, x/2), computed directly (1 − CDF loses small p-values).
            p = Gamma.regularizedGammaQ((k - 1) / 2.0, statistic / 2.0);
        }

        long activePackets = 0;
        long idlePackets = 0;
        long activeMillis = 0;
        long spanMillis = last - first;
        double activityP = Double.NaN;
        if (!activity.isEmpty()) {
            activeMillis = activeMillis(activity, first, last);
            // Given the first and the last arrival of a Poisson process, the ones between are uniform on the
            // span: the first and the last record are left out, the test is then exact.
            for (int i = 1; i < t.length - 1; i++) {
                if (inAny(activity, t[i])) {
                    activePackets++;
                } else {
                    idlePackets++;
                }
            }
            long n = activePackets + idlePackets;
            if (activeMillis > 0 && activeMillis < spanMillis && n >= MIN_PACKETS) {
                activityP = twoSidedBinomialP((int) n, (int) activePackets, activeMillis / (double) spanMillis);
            }
        }
        return new Counted(
                key,
                mixerId,
                t,
                w,
                firstWindow * w,
                counts,
                statistic,
                p,
                activePackets,
                activeMillis,
                idlePackets,
                spanMillis - activeMillis,
                activityP,
                !activity.isEmpty());
    }

    /**
     * The two-sided exact binomial p-value as R's {@code binom.test} computes it: the probability of every
     * outcome no more likely than the one observed (with a relative tolerance of 10⁻⁷ for ties). Commons
     * Math's {@code BinomialTest} is not used: in 3.6.1 its two-sided sum can exceed 1.
     */
    static double twoSidedBinomialP(int trials, int successes, double probability) {
        BinomialDistribution b = new BinomialDistribution(null, trials, probability);
        double observed = b.probability(successes);
        double limit = observed * (1 + 1e-7);
        double p = 0;
        for (int k = 0; k <= trials; k++) {
            double pk = b.probability(k);
            if (pk <= limit) {
                p += pk;
            }
        }
        return Math.min(1.0, p);
    }

    /** Time of {@code [lo, hi)} inside the union of the periods (they may overlap). */
    static long activeMillis(List<ActivityPeriod> periods, long lo, long hi) {
        List<long[]> clipped = new ArrayList<>();
        for (ActivityPeriod a : periods) {
            long s = Math.max(lo, a.from().toEpochMilli());
            long e = Math.min(hi, a.to().toEpochMilli());
            if (s < e) {
                clipped.add(new long[] {s, e});
            }
        }
        clipped.sort(Comparator.comparingLong(x -> x[0]));
        long total = 0;
        long end = Long.MIN_VALUE;
        for (long[] c : clipped) {
            long s = Math.max(c[0], end);
            if (c[1] > s) {
                total += c[1] - s;
            }
            end = Math.max(end, c[1]);
        }
        return total;
    }

    private static boolean inAny(List<ActivityPeriod> periods, long at) {
        for (ActivityPeriod a : periods) {
            if (a.contains(at)) {
                return true;
            }
        }
        return false;
    }
}
