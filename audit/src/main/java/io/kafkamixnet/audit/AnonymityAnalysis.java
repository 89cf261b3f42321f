package io.kafkamixnet.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * held at its release. Outputs of a transaction with several releases get the mixture of their
 * distributions weighted by the released counts. That is an upper bound on their anonymity: an adversary
 * that also uses the order of the records within each output partition can sometimes separate them, so the
 * report says how often it happened. An input record written by another mixer carries that mixer's output
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

    private AnonymityAnalysis(TopicLogs logs, NetworkLayout layout) {
        this.logs = logs;
        this.layout = layout;
    }

    /**
     * What the analysis found.
     *
     * @param firstHopVolumes packets each first-hop sender (producer id) wrote into a forward mixer
     * @param replyFirstHopVolumes the same into response mixers (services sending replies)
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
            long mergedReleases) {}

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
                mergedReleases);
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
        Map<Long, Double> senderMix = new HashMap<>();
        Map<Long, Double> inputMix = new HashMap<>();
        long released = 0;
        int releaseCount = 0;
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
                PoolPropagation.Release r =
                        pool.release(rel.held(), rel.kept(), rel.record().timestamp());
                long n = r.released();
                r.senders().addTo(senderMix, n);
                r.inputs().addTo(inputMix, n);
                released += n;
                releaseCount++;
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
        if (released == 0) {
            unattributedOutputs += t.outputs.size();
            return;
        }
        if (releaseCount > 1) {
            // Several releases committed together: their outputs get the mixture (see the class comment).
            mergedTransactions++;
            mergedReleases += releaseCount;
        }
        Distribution senders = Distribution.normalise(senderMix);
        Distribution inputs = Distribution.normalise(inputMix);
        for (LoggedRecord out : t.outputs) {
            ObservedMixer m = layout.writer(out).orElse(mixer);
            OutputKind kind = layout.outputKind(m, out.topic()).orElse(OutputKind.EXIT);
            outputSenders.put(out, senders);
            outputs.add(new OutputLink(m, kind, out, inputs, senders, released));
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
