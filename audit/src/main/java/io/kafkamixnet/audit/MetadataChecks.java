package io.kafkamixnet.audit;

import io.kafkamixnet.audit.Finding.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metadata review: what each field an operator sees says about the traffic, one {@link Finding} per
 * field and topic, in words a security reviewer can check against the logs.
 */
final class MetadataChecks {

    private MetadataChecks() {}

    static List<Finding> run(
            TopicLogs logs, NetworkLayout layout, AnonymityAnalysis.Result result, VolumeReport volumes) {
        List<Finding> f = new ArrayList<>();
        volumes(f, result);
        volumeOverTime(f, volumes);
        Map<String, List<OutputLink>> byTopic = new TreeMap<>();
        for (OutputLink o : result.outputs()) {
            byTopic.computeIfAbsent(o.record().topic(), t -> new ArrayList<>()).add(o);
        }
        byTopic.forEach(
                (topic, outs) -> outputs(f, topic, outs, logs.partitions(topic).size()));
        for (ObservedMixer m : layout.mixers()) {
            changelog(f, logs, m);
            flushes(f, m, result.releases());
        }
        transactions(f, logs, layout);
        f.add(new Finding(
                Severity.INFO,
                "in-batch order",
                "all mixers",
                "not measurable from the logs alone (it needs to know which input became which output); the"
                        + " mixer's tests check the shuffle (chi-square over 400 batches)."));
        if (result.mergedTransactions() > 0) {
            f.add(new Finding(
                    Severity.INFO,
                    "audit coverage",
                    "all mixers",
                    result.mergedTransactions() + " transactions held more than one release (" + result.mergedReleases()
                            + " releases in all) and the order of records in a partition did not tell every output's"
                            + " release: those outputs got the mixture of the releases still possible. A shorter"
                            + " commit.interval.ms makes this rarer."));
        }
        if (result.mixerOwnOutputs() > 0) {
            f.add(new Finding(
                    Severity.INFO,
                    "mixers' own packets",
                    String.join(", ", result.mixerSenders().values()),
                    result.mixerOwnOutputs() + " records to next hops were more than their transactions released:"
                            + " the mixers' own dummies and loops. Each record of such a flush is a released packet"
                            + " with probability released/records, the mixer's pseudo-sender otherwise; exit records"
                            + " are never a mixer's own (docs/anonymity.md)."));
        }
        if (result.unmatchedIntakes() > 0 || result.unattributedOutputs() > 0) {
            f.add(new Finding(
                    Severity.INFO,
                    "audit coverage",
                    "all mixers",
                    result.unmatchedIntakes() + " intakes had no ingress record in the logs (counted as an unknown"
                            + " sender) and " + result.unattributedOutputs()
                            + " outputs could not be matched to a release (left out)."));
        }
        return f;
    }

    private static void volumes(List<Finding> f, AnonymityAnalysis.Result result) {
        Map<Long, Integer> v = result.firstHopVolumes();
        if (v.isEmpty()) {
            return;
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int n : v.values()) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        f.add(new Finding(
                Severity.INFO,
                "producer ids",
                "first hop",
                v.size() + " producer ids wrote first-hop packets; each one's volume is visible (" + min + " to " + max
                        + " packets per producer). Cover traffic is what hides who talks."));
    }

    /**
     * One WARN per producer and topic whose volume follows its activity, one line for those consistent with a
     * constant rate, one for those too small to test.
     */
    private static void volumeOverTime(List<Finding> f, VolumeReport v) {
        if (v.series().isEmpty()) {
            return;
        }
        int constant = 0;
        int untested = 0;
        for (ProducerVolume p : v.series()) {
            switch (p.verdict()) {
                case VARIES ->
                    f.add(new Finding(
                            Severity.WARN,
                            "volume",
                            "producer " + p.producerId() + " → " + p.topic(),
                            "its volume is not constant-rate: " + VolumeText.evidence(p, v)
                                    + ". Its volume follows something, typically when it is busy;"
                                    + " rate shaping (MixnetClient.Builder.rateShaping) sends at one rate"
                                    + " whatever the client does."));
                case CONSTANT_RATE -> constant++;
                case NOT_TESTED -> untested++;
            }
        }
        if (constant > 0) {
            f.add(new Finding(
                    Severity.OK,
                    "volume",
                    "first hop",
                    constant + " producer/topic series consistent with a constant Poisson rate (no test below the"
                            + " per-test level " + VolumeText.p(v.perTestLevel()) + "; windows of "
                            + VolumeText.seconds(v.windowMillis()) + "): these tests did not find their volume"
                            + " following their activity."));
        }
        if (untested > 0) {
            f.add(new Finding(
                    Severity.INFO,
                    "volume",
                    "first hop",
                    untested + " producer/topic series too short or too thin to test (fewer than "
                            + VolumeAnalysis.MIN_WINDOWS + " whole windows or under "
                            + (int) VolumeAnalysis.MIN_MEAN_PER_WINDOW + " packet per window, and no activity"
                            + " comparison)."));
        }
        if (v.withoutProducerId() > 0) {
            f.add(new Finding(
                    Severity.INFO,
                    "volume",
                    "first hop",
                    v.withoutProducerId() + " first-hop records came from producers without a producer id (not"
                            + " idempotent): not counted per producer."));
        }
    }

    private static void outputs(List<Finding> f, String topic, List<OutputLink> outs, int partitions) {
        int keyed = 0;
        int headers = 0;
        int createTime = 0;
        Set<Integer> sizes = new HashSet<>();
        Map<Integer, Integer> perPartition = new TreeMap<>();
        for (OutputLink o : outs) {
            LoggedRecord r = o.record();
            keyed += r.keyLength() >= 0 ? 1 : 0;
            headers += r.headerCount() > 0 ? 1 : 0;
            createTime += r.logAppendTime() ? 0 : 1;
            sizes.add(r.valueLength());
            perPartition.merge(r.partition(), 1, Integer::sum);
        }
        int n = outs.size();
        f.add(
                createTime == 0
                        ? new Finding(
                                Severity.OK,
                                "timestamps",
                                topic,
                                "broker-stamped (LogAppendTime): the mixer's clock is not"
                                        + " visible; a flush's records share its append time.")
                        : new Finding(
                                Severity.INFO,
                                "timestamps",
                                topic,
                                createTime + " of " + n
                                        + " records carry the producer's timestamp (CreateTime): the flush time."));
        f.add(
                keyed == 0
                        ? new Finding(Severity.OK, "keys", topic, "no record has a key.")
                        : new Finding(Severity.WARN, "keys", topic, keyed + " of " + n + " records have a key."));
        f.add(
                headers == 0
                        ? new Finding(Severity.OK, "headers", topic, "no record has headers.")
                        : new Finding(
                                Severity.WARN, "headers", topic, headers + " of " + n + " records have headers."));
        f.add(
                sizes.size() == 1
                        ? new Finding(
                                Severity.OK,
                                "sizes",
                                topic,
                                "every value has the same length ("
                                        + sizes.iterator().next() + " bytes).")
                        : new Finding(
                                Severity.WARN,
                                "sizes",
                                topic,
                                "values have " + sizes.size()
                                        + " different lengths: a length can link an output to its input."));
        if (partitions > 1) {
            double expected = (double) n / partitions;
            double chi2 = 0;
            for (int p = 0; p < partitions; p++) {
                double d = perPartition.getOrDefault(p, 0) - expected;
                chi2 += d * d / expected;
            }
            int df = partitions - 1;
            // Mean df, variance 2·df: more than 4 standard deviations above is not chance.
            boolean skewed = expected >= 5 && chi2 > df + 4 * Math.sqrt(2.0 * df);
            f.add(new Finding(
                    skewed ? Severity.WARN : Severity.OK,
                    "partitions",
                    topic,
                    String.format(
                            java.util.Locale.ROOT,
                            "%d records over %d partitions %s (chi-square %.1f, %d degrees of freedom)%s",
                            n,
                            partitions,
                            perPartition,
                            chi2,
                            df,
                            skewed ? ": not uniform, the partition says something." : ": consistent with uniform.")));
        }
    }

    private static void changelog(List<Finding> f, TopicLogs logs, ObservedMixer m) {
        Set<Integer> valueSizes = new HashSet<>();
        Set<Integer> keySizes = new HashSet<>();
        int puts = 0;
        int deletes = 0;
        for (LoggedRecord r : logs.records(m.poolChangelog())) {
            keySizes.add(r.keyLength());
            if (r.valueLength() < 0) {
                deletes++;
            } else {
                puts++;
                valueSizes.add(r.valueLength());
            }
        }
        f.add(
                valueSizes.size() <= 1 && keySizes.size() <= 1
                        ? new Finding(
                                Severity.OK,
                                "changelog",
                                m.mixerId(),
                                puts + " pool entries, " + deletes
                                        + " deletes: every entry " + valueSizes + " bytes under a " + keySizes
                                        + "-byte key; nothing links an entry to the output it becomes.")
                        : new Finding(
                                Severity.WARN,
                                "changelog",
                                m.mixerId(),
                                "pool entries of sizes " + valueSizes + " under keys of sizes " + keySizes
                                        + ": sizes can link entries."));
        f.add(new Finding(
                Severity.INFO,
                "changelog",
                m.mixerId(),
                "the held count is in the clear in " + m.poolMetaChangelog() + " after every change, with the"
                        + " ingress record's timestamp at intake: every intake and the size of every release are"
                        + " visible (this audit uses them)."));
    }

    private static void flushes(List<Finding> f, ObservedMixer m, List<ReleaseView> releases) {
        int single = 0;
        int total = 0;
        for (ReleaseView r : releases) {
            if (r.mixer() == m) {
                total++;
                if (r.released() == 1 && r.kept() == 0) {
                    single++;
                }
            }
        }
        if (total > 0) {
            f.add(new Finding(
                    single > 0 ? Severity.WARN : Severity.OK,
                    "flushes",
                    m.mixerId(),
                    single + " of " + total + " releases emptied a pool that held one packet (that output is"
                            + " linked to its input with certainty)."));
        }
    }

    private static void transactions(List<Finding> f, TopicLogs logs, NetworkLayout layout) {
        for (String topic : logs.topics()) {
            if (topic.startsWith("__")) {
                continue;
            }
            int aborted = 0;
            int open = 0;
            for (PartitionLog p : logs.partitions(topic)) {
                for (LoggedRecord r : p.records()) {
                    aborted += r.outcome() == TxnOutcome.ABORTED ? 1 : 0;
                    open += r.outcome() == TxnOutcome.OPEN ? 1 : 0;
                }
            }
            if (aborted == 0 && open == 0) {
                continue;
            }
            boolean output = !topic.endsWith("-changelog");
            f.add(new Finding(
                    output && aborted > 0 ? Severity.WARN : Severity.INFO,
                    "transactions",
                    topic,
                    aborted + " records were visible to read_uncommitted readers and then aborted, " + open
                            + " are still uncommitted"
                            + (output && aborted > 0
                                    ? ": an aborted release shown to an uncommitted reader and released again"
                                            + " in another batch gives away an intersection."
                                    : ".")));
        }
    }
}
