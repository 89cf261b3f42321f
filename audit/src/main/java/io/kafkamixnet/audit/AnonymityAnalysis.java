package io.kafkamixnet.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Links every mixer's outputs to its inputs with what the broker operator sees, and composes the hops.
 *
 * <p><b>What is used.</b> A mixer task's {@code pool-meta} changelog holds the exact held count after every
 * change, in the clear: a step of +1 is one input taken in (the count record carries the ingress record's
 * timestamp, so the {@code k}-th step is the {@code k}-th accepted ingress record of that partition, dead
 * letters skipped); a step down from {@code h} to {@code k} is a release of {@code h − k}. The mixer's
 * transactional producer writes these counts and its outputs in one transaction: the control markers that
 * end it are written together in every partition it touched, so the outputs of a transaction are the
 * packets of the releases of that transaction (see {@link #transactions} for how records are grouped).
 *
 * <p><b>The model.</b> {@link PoolPropagation} per task: an output is a uniformly random packet of those
 * held at its release. An output of a transaction with several releases gets the mixture of the
 * distributions of the releases it can have come from given the order of records in its partition
 * ({@link ReleaseOrder}), weighted by their released counts; the report says how often more than one
 * release stayed possible. An input record written by another mixer carries that mixer's output
 * distribution over senders, so the composition over hops is exact under the model; a
 * first-hop record's sender is its producer id (an idempotent producer keeps one for its life).
 *
 * <p>Transactions are processed in the order they were committed, so every input's distribution is known
 * before it is taken in (a read_committed consumer cannot see an output before its transaction commits).
 */
public final class AnonymityAnalysis {

    /** Markers of one producer closer than this are one transaction. */
    public static final long TXN_GAP_MILLIS = 20;

    private static final int COUNT_KEY_LENGTH = 5;
    private static final int COUNT_VALUE_LENGTH = 8;

    private final TopicLogs logs;
    private final NetworkLayout layout;

    private final Map<LoggedRecord, Distribution> outputSenders = new IdentityHashMap<>();
    private final Map<LoggedRecord, Long> inputIds = new IdentityHashMap<>();
    private final Map<String, PoolPropagation> pools = new HashMap<>();
    private final Map<String, IngressCursor> cursors = new HashMap<>();
    private final Map<String, DelayHistogram> delays = new LinkedHashMap<>();
    private final Map<Long, Integer> senderVolumes = new TreeMap<>();
    private final Map<Long, Integer> replySenderVolumes = new TreeMap<>();
    private final List<OutputLink> outputs = new ArrayList<>();
    private final List<ReleaseView> releases = new ArrayList<>();
    private long nextSyntheticSender = -2;
    private long unmatchedIntakes;
    private long unattributedOutputs;
    private long mergedTransactions;
    private long mergedReleases;
    private long mixerOwnOutputs;
    private final Map<Long, String> mixerSenders = new TreeMap<>();

    private AnonymityAnalysis(TopicLogs logs, NetworkLayout layout) {
        this.logs = logs;
        this.layout = layout;
    }

    /**
     * What the analysis found.
     *
     * @param firstHopVolumes packets each first-hop sender (producer id) wrote into a forward mixer
     * @param replyFirstHopVolumes the same into response mixers (services sending replies)
     * @param mixerOwnOutputs outputs beyond the packets their transaction released: the mixers' own dummies
     *     and loops, attributed to the mixer's pseudo-sender
     * @param mixerSenders pseudo-sender id → {@code mixer:<mixer id>}, for every mixer seen writing its own
     *     packets
     */
    public record Result(
            List<OutputLink> outputs,
            List<ReleaseView> releases,
            Map<Long, Integer> firstHopVolumes,
            Map<Long, Integer> replyFirstHopVolumes,
            Map<String, DelayHistogram> delays,
            long unmatchedIntakes,
            long unattributedOutputs,
            long mergedTransactions,
            long mergedReleases,
            long mixerOwnOutputs,
            Map<Long, String> mixerSenders) {

        /** True when {@code sender} is a mixer's pseudo-sender (its own dummies and loops). */
        public boolean isMixer(long sender) {
            return mixerSenders.containsKey(sender);
        }
    }

    /**
     * The pseudo-sender of the packets mixer number {@code index} (in {@link NetworkLayout#mixers()}) writes
     * on its own: far below the synthetic ids of producers without an id.
     */
    static long mixerSender(int index) {
        return MIXER_SENDER_BASE - index;
    }

    private static final long MIXER_SENDER_BASE = -(1L << 40);

    public static Result run(TopicLogs logs, NetworkLayout layout) {
        return new AnonymityAnalysis(logs, layout).run();
    }

    private sealed interface Event permits Intake, Release {
        LoggedRecord record();
    }

    private record Intake(ObservedMixer mixer, LoggedRecord record, long count) implements Event {}

    private record Release(ObservedMixer mixer, LoggedRecord record, long held, long kept) implements Event {}

    private static final class Txn {
        final long producerId;
        final long committedAt;
        final List<Event> events = new ArrayList<>();
        final List<LoggedRecord> outputs = new ArrayList<>();

        Txn(long producerId, long committedAt) {
            this.producerId = producerId;
            this.committedAt = committedAt;
        }
    }

    private Result run() {
        Map<Long, List<Event>> eventsByProducer = new HashMap<>();
        for (ObservedMixer m : layout.mixers()) {
            delays.put(m.mixerId(), new DelayHistogram());
            for (PartitionLog p : logs.partitions(m.poolMetaChangelog())) {
                long previous = 0;
                for (LoggedRecord r : p.records()) {
                    if (!r.outcome().visibleCommitted()
                            || r.keyLength() != COUNT_KEY_LENGTH
                            || r.valueLength() != COUNT_VALUE_LENGTH
                            || r.value() == null) {
                        continue;
                    }
                    long count = java.nio.ByteBuffer.wrap(r.value()).getLong();
                    Event e = null;
                    if (count > previous) {
                        e = new Intake(m, r, count - previous);
                    } else if (count < previous) {
                        e = new Release(m, r, previous, count);
                    }
                    previous = count;
                    if (e != null) {
                        eventsByProducer
                                .computeIfAbsent(r.producerId(), x -> new ArrayList<>())
                                .add(e);
                    }
                }
            }
        }
        Map<Long, List<LoggedRecord>> outputsByProducer = new HashMap<>();
        for (String topic : logs.topics()) {
            for (LoggedRecord r : logs.records(topic)) {
                if (!r.outcome().visibleCommitted()) {
                    continue;
                }
                layout.writer(r)
                        .ifPresent(m -> layout.outputKind(m, topic)
                                .filter(k -> k != OutputKind.DEAD_LETTER)
                                .ifPresent(k -> outputsByProducer
                                        .computeIfAbsent(r.producerId(), x -> new ArrayList<>())
                                        .add(r)));
            }
        }
        List<Txn> txns = new ArrayList<>();
        Set<Long> producers = new HashSet<>(eventsByProducer.keySet());
        producers.addAll(outputsByProducer.keySet());
        for (long pid : producers) {
            // Sorted per transaction below; the outputs' order within a transaction does not matter.
            txns.addAll(transactions(
                    pid,
                    eventsByProducer.getOrDefault(pid, List.of()),
                    outputsByProducer.getOrDefault(pid, List.of())));
        }
        txns.sort(Comparator.comparingLong((Txn t) -> t.committedAt).thenComparingLong(t -> t.producerId));
        for (Txn t : txns) {
            process(t);
        }
        return new Result(
                List.copyOf(outputs),
                List.copyOf(releases),
                senderVolumes,
                replySenderVolumes,
                delays,
                unmatchedIntakes,
                unattributedOutputs,
                mergedTransactions,
                mergedReleases,
                mixerOwnOutputs,
                mixerSenders);
    }

    private static long commitTime(LoggedRecord r) {
        return r.markerTimestamp() >= 0 ? r.markerTimestamp() : r.timestamp();
    }

    /**
     * Groups one producer's events and outputs into transactions. The count records of a transaction carry
     * the time of its marker in the {@code pool-meta} partition (markers of one producer closer than
     * {@link #TXN_GAP_MILLIS} are one transaction across several tasks). The markers of the other partitions
     * of the same transaction are written by the coordinator at about the same time, but on a busy broker
     * tens of milliseconds apart; the next transaction of a Kafka Streams producer commits at least
     * {@code commit.interval.ms} (100 ms by default under exactly-once) later. So each output joins the
     * transaction with a release whose marker is nearest to its own.
     */
    private List<Txn> transactions(long pid, List<Event> events, List<LoggedRecord> outputs) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(e -> commitTime(e.record())));
        List<Txn> txns = new ArrayList<>();
        Txn current = null;
        long last = Long.MIN_VALUE;
        for (Event e : sorted) {
            long t = commitTime(e.record());
            if (current == null || t - last > TXN_GAP_MILLIS) {
                current = new Txn(pid, t);
                txns.add(current);
            }
            current.events.add(e);
            last = t;
        }
        TreeMap<Long, Txn> releasing = new TreeMap<>();
        for (Txn t : txns) {
            t.events.sort(Comparator.comparing((Event e) -> e.record().topic())
                    .thenComparingInt(e -> e.record().partition())
                    .thenComparingLong(e -> e.record().offset()));
            if (t.events.stream().anyMatch(e -> e instanceof Release)) {
                releasing.put(t.committedAt, t);
            }
        }
        for (LoggedRecord r : outputs) {
            long t = commitTime(r);
            Map.Entry<Long, Txn> before = releasing.floorEntry(t);
            Map.Entry<Long, Txn> after = releasing.ceilingEntry(t);
            Map.Entry<Long, Txn> nearest = before == null
                    ? after
                    : after == null ? before : (t - before.getKey() <= after.getKey() - t ? before : after);
            if (nearest == null) {
                unattributedOutputs++;
            } else {
                nearest.getValue().outputs.add(r);
            }
        }
        return txns;
    }

    private void process(Txn t) {
        List<PoolPropagation.Release> done = new ArrayList<>();
        Set<String> releasingTasks = new HashSet<>();
        ObservedMixer mixer = null;
        for (Event e : t.events) {
            String task = e.record().topic() + "-" + e.record().partition();
            PoolPropagation pool = pools.computeIfAbsent(task, k -> new PoolPropagation());
            if (e instanceof Intake in) {
                for (long i = 0; i < in.count(); i++) {
                    intake(in.mixer(), in.record(), pool);
                }
            } else if (e instanceof Release rel) {
                mixer = rel.mixer();
                releasingTasks.add(task);
                PoolPropagation.Release r =
                        pool.release(rel.held(), rel.kept(), rel.record().timestamp());
                done.add(r);
                DelayHistogram h = delays.get(rel.mixer().mixerId());
                for (int i = 0; i < r.ages().length; i++) {
                    h.add(r.ages()[i], r.ageWeights()[i]);
                }
                releases.add(new ReleaseView(
                        rel.mixer(),
                        rel.record().partition(),
                        rel.record().timestamp(),
                        rel.held(),
                        rel.kept(),
                        r.inputs().entropy(),
                        r.senders().entropy()));
            }
        }
        if (t.outputs.isEmpty()) {
            return;
        }
        long released = 0;
        for (PoolPropagation.Release r : done) {
            released += r.released();
        }
        long exits = 0;
        for (LoggedRecord out : t.outputs) {
            if (kindOf(out, mixer) == OutputKind.EXIT) {
                exits++;
            }
        }
        long nextHops = t.outputs.size() - exits;
        // More records to next hops than released packets can account for (a mixer's own packets never exit):
        // the mixer wrote packets of its own (dummies topping up the release, idle dummies, loops). Which
        // records they are is hidden by the shuffle, so each next-hop record is a released packet with
        // probability (released − exits) / next-hop records, and the mixer's own otherwise.
        long own = Math.max(0, nextHops - Math.max(0, released - exits));
        mixerOwnOutputs += own;
        double realShare = nextHops == 0 ? 1 : (double) (nextHops - own) / nextHops;
        if (done.isEmpty()) {
            for (LoggedRecord out : t.outputs) {
                Optional<ObservedMixer> m = layout.writer(out);
                if (m.isEmpty() || kindOf(out, null) != OutputKind.NEXT_HOP) {
                    unattributedOutputs++;
                    continue;
                }
                // A record to a next hop with no release in its transaction is certainly the mixer's own.
                Distribution senders = Distribution.point(mixerSenderOf(m.get()));
                outputSenders.put(out, senders);
                outputs.add(new OutputLink(
                        m.get(),
                        OutputKind.NEXT_HOP,
                        out,
                        Distribution.point(PoolPropagation.MIXER_OWN_INPUT),
                        senders,
                        0));
            }
            return;
        }
        ReleaseOrder order = new ReleaseOrder(done, releasingTasks.size() == 1 && own <= 0);
        boolean merged = false;
        Map<String, List<LoggedRecord>> byPartition = new TreeMap<>();
        for (LoggedRecord out : t.outputs) {
            byPartition
                    .computeIfAbsent(out.topic() + "-" + out.partition(), k -> new ArrayList<>())
                    .add(out);
        }
        for (List<LoggedRecord> partition : byPartition.values()) {
            partition.sort(Comparator.comparingLong(LoggedRecord::offset));
            for (int j = 0; j < partition.size(); j++) {
                LoggedRecord out = partition.get(j);
                ReleaseOrder.Candidates c = order.candidates(j, partition.size());
                merged |= c.releases() > 1;
                ObservedMixer m = layout.writer(out).orElse(mixer);
                OutputKind kind = layout.outputKind(m, out.topic()).orElse(OutputKind.EXIT);
                Distribution senders = c.senders();
                Distribution inputs = c.inputs();
                if (own > 0 && kind == OutputKind.NEXT_HOP) {
                    double real = realShare;
                    senders = withMixerShare(senders, mixerSenderOf(m), real);
                    inputs = withMixerShare(inputs, PoolPropagation.MIXER_OWN_INPUT, real);
                }
                // An exit record is never the mixer's own (its dummies and loops end in a Drop at their last
                // hop, which writes nothing), so for an exit the released packets are all candidates; and a
                // mixer's share an input carried from an earlier hop is conditioned away for the same reason.
                if (kind == OutputKind.EXIT) {
                    senders = withoutMixers(senders);
                }
                outputSenders.put(out, senders);
                outputs.add(new OutputLink(m, kind, out, inputs, senders, c.released()));
            }
        }
        if (merged) {
            mergedTransactions++;
            mergedReleases += done.size();
        }
    }

    private OutputKind kindOf(LoggedRecord out, ObservedMixer fallback) {
        ObservedMixer m = layout.writer(out).orElse(fallback);
        return m == null ? OutputKind.EXIT : layout.outputKind(m, out.topic()).orElse(OutputKind.EXIT);
    }

    private long mixerSenderOf(ObservedMixer m) {
        long id = mixerSender(layout.mixers().indexOf(m));
        mixerSenders.putIfAbsent(id, "mixer:" + m.mixerId());
        return id;
    }

    /** {@code real × d + (1 − real) × point(own)}. */
    private static Distribution withMixerShare(Distribution d, long own, double real) {
        Map<Long, Double> mass = new HashMap<>();
        d.addTo(mass, real);
        mass.merge(own, 1 - real, Double::sum);
        return Distribution.normalise(mass);
    }

    /** {@code d} conditioned on the packet not being a mixer's own; {@code d} itself when nothing else is left. */
    private Distribution withoutMixers(Distribution d) {
        Map<Long, Double> mass = new HashMap<>();
        d.probabilities().forEach((sender, p) -> {
            if (!mixerSenders.containsKey(sender)) {
                mass.put(sender, p);
            }
        });
        if (mass.size() == d.support()) {
            return d;
        }
        return mass.values().stream().mapToDouble(Double::doubleValue).sum() > 0 ? Distribution.normalise(mass) : d;
    }

    /**
     * Which of a transaction's releases an output can have come from. One task's releases happen in order
     * and the producer appends each partition's records in the order they were sent, so in every output
     * partition the records of release 1 come before those of release 2, and so on. The record at position
     * {@code j} of {@code m} in its partition therefore came from a release {@code i} with
     * {@code r_1 + … + r_i > j} (the {@code j} records before it came from releases up to {@code i}) and
     * {@code r_i + … + r_k ≥ m − j} (it and the records after it came from releases from {@code i} on); drop
     * packets only make releases emit fewer records, so the bounds never exclude the truth. Among the
     * releases left, the record is from release {@code i} with weight {@code r_i}. When releases of several
     * tasks share the transaction their relative order is not in the logs, and every release stays possible.
     */
    private static final class ReleaseOrder {
        private final List<PoolPropagation.Release> releases;
        private final boolean ordered;
        private final Map<Long, Candidates> cache = new HashMap<>();

        record Candidates(Distribution senders, Distribution inputs, long released, int releases) {}

        ReleaseOrder(List<PoolPropagation.Release> releases, boolean ordered) {
            this.releases = releases;
            this.ordered = ordered;
        }

        Candidates candidates(int position, int partitionSize) {
            int k = releases.size();
            int lo = 0;
            int hi = k - 1;
            if (ordered && k > 1) {
                long prefix = 0;
                lo = k - 1;
                for (int i = 0; i < k; i++) {
                    prefix += releases.get(i).released();
                    if (prefix > position) {
                        lo = i;
                        break;
                    }
                }
                long suffix = 0;
                hi = 0;
                for (int i = k - 1; i >= 0; i--) {
                    suffix += releases.get(i).released();
                    if (suffix >= partitionSize - position) {
                        hi = i;
                        break;
                    }
                }
                if (lo > hi) {
                    // The counts contradict the order (records of another transaction joined this one): keep all.
                    lo = 0;
                    hi = k - 1;
                }
            }
            int from = lo;
            int to = hi;
            return cache.computeIfAbsent(((long) from << 32) | to, key -> mix(from, to));
        }

        private Candidates mix(int from, int to) {
            Map<Long, Double> senders = new HashMap<>();
            Map<Long, Double> inputs = new HashMap<>();
            long released = 0;
            for (int i = from; i <= to; i++) {
                PoolPropagation.Release r = releases.get(i);
                r.senders().addTo(senders, r.released());
                r.inputs().addTo(inputs, r.released());
                released += r.released();
            }
            return new Candidates(
                    Distribution.normalise(senders), Distribution.normalise(inputs), released, to - from + 1);
        }
    }

    /** The next accepted ingress record of the task's partition taken in by the count record {@code r}. */
    private void intake(ObservedMixer m, LoggedRecord r, PoolPropagation pool) {
        String key = m.ingressTopic() + "-" + r.partition();
        IngressCursor cursor = cursors.computeIfAbsent(key, k -> new IngressCursor(m, r.partition()));
        LoggedRecord input = cursor.next(r.timestamp());
        if (input == null) {
            unmatchedIntakes++;
            pool.intakeUnknown(1);
            return;
        }
        Distribution senders;
        if (layout.writer(input).isPresent()) {
            senders = outputSenders.get(input);
            if (senders == null) {
                // An output of a mixer whose release was not attributed: the adversary does not know more.
                senders = Distribution.point(PoolPropagation.UNKNOWN_SENDER);
            }
        } else {
            long sender = input.producerId() >= 0 ? input.producerId() : nextSyntheticSender--;
            (m.isResponse() ? replySenderVolumes : senderVolumes).merge(sender, 1, Integer::sum);
            senders = Distribution.point(sender);
        }
        long id = inputIds.computeIfAbsent(input, x -> (long) inputIds.size());
        pool.intake(id, r.timestamp(), senders);
    }

    /** Walks one ingress partition's accepted records in offset order, matching intake count records. */
    private final class IngressCursor {
        private final List<LoggedRecord> records = new ArrayList<>();
        private int next;

        IngressCursor(ObservedMixer m, int partition) {
            Set<Long> rejected = layout.rejectedOffsets(m.ingressTopic(), partition);
            for (PartitionLog p : logs.partitions(m.ingressTopic())) {
                if (p.partition() != partition) {
                    continue;
                }
                for (LoggedRecord r : p.records()) {
                    if (r.outcome().visibleCommitted() && !rejected.contains(r.offset())) {
                        records.add(r);
                    }
                }
            }
        }

        /**
         * The first record not yet taken whose timestamp equals {@code timestamp}, skipping earlier ones (taken
         * in before the audited changelog begins, or rejected); null when the next one is later.
         */
        LoggedRecord next(long timestamp) {
            while (next < records.size() && records.get(next).timestamp() < timestamp) {
                next++;
            }
            if (next < records.size() && records.get(next).timestamp() == timestamp) {
                return records.get(next++);
            }
            return null;
        }
    }
}
