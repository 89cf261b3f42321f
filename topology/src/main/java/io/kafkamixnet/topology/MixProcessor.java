package io.kafkamixnet.topology;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.PartitionBinding;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SurbIdBytes;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import io.kafkamixnet.topology.internals.EntrySealer;
import io.kafkamixnet.topology.internals.EntrySealer.Purpose;
import io.kafkamixnet.topology.internals.EntrySealer.SealedValueException;
import io.kafkamixnet.topology.internals.HeldEntry;
import io.kafkamixnet.topology.internals.HeldIndex;
import io.kafkamixnet.topology.internals.Shuffle;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixer of one stream task (one ingress partition): checks, peels and holds each packet, and
 * releases held packets by the configured strategy. See the package documentation for the design;
 * the comments here say why the code does things in the order it does.
 */
final class MixProcessor implements Processor<byte[], byte[], byte[], SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(MixProcessor.class);

    static final int FORMAT_VERSION = 1;
    static final int STORE_KEY_LENGTH = 16;
    static final Bytes COUNT_KEY = Bytes.wrap(new byte[] {'#', 'h', 'e', 'l', 'd'});
    static final byte MARK_PREFIX = 'R';
    private static final byte[] SEEN = {1};
    /** Envelope overhead: marker, fingerprint, three varints. Anything much larger is not a packet. */
    private static final int MAX_ENVELOPE_OVERHEAD = 64;
    private static final int MAX_PURGE_PER_ROUND = 100_000;

    private final MixerConfig config;
    private final Sphinx sphinx;
    private final EpochKeyRing keyring;
    private final PoolStoreKey storeKey;
    private final MixerMetrics metrics;
    private final IntSupplier ingressPartitions;
    private final MixerTopology.Sinks sinks;
    private final Geometry geometry;
    private final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);
    private final SecureRandom random = new SecureRandom();

    private ProcessorContext<byte[], SpecificRecord> context;
    private KeyValueStore<Bytes, byte[]> pool;
    private KeyValueStore<Bytes, byte[]> meta;
    private KeyValueStore<Bytes, byte[]> replay;
    private EntrySealer sealer;
    private String taskId;
    private final HeldIndex index = new HeldIndex();
    /** Continuous mixing: pool keys released but not yet swept, with the key of their release mark. */
    private final Map<Bytes, Bytes> releasedUnswept = new HashMap<>();
    private long lastSweepMillis;

    MixProcessor(MixerConfig config, Sphinx sphinx, EpochKeyRing keyring, PoolStoreKey storeKey, MixerMetrics metrics,
                 IntSupplier ingressPartitions, MixerTopology.Sinks sinks) {
        this.config = config;
        this.sphinx = sphinx;
        this.keyring = keyring;
        this.storeKey = storeKey;
        this.metrics = metrics;
        this.ingressPartitions = ingressPartitions;
        this.sinks = sinks;
        this.geometry = config.geometry();
    }

    @Override
    public void init(ProcessorContext<byte[], SpecificRecord> context) {
        this.context = context;
        this.pool = context.getStateStore(MixerTopology.POOL_STORE);
        this.meta = context.getStateStore(MixerTopology.POOL_META_STORE);
        this.replay = context.getStateStore(MixerTopology.REPLAY_STORE);
        this.sealer = new EntrySealer(storeKey, random);
        this.taskId = context.taskId().toString();
        long now = context.currentSystemTimeMs();
        rebuildIndex();
        lastSweepMillis = now;
        metrics.taskHeld(taskId, index.size());

        MixingStrategy strategy = config.strategy();
        if (strategy instanceof MixingStrategy.Timed t) {
            context.schedule(t.interval(), PunctuationType.WALL_CLOCK_TIME, this::releaseAll);
        } else if (strategy instanceof MixingStrategy.Pool p) {
            context.schedule(p.interval(), PunctuationType.WALL_CLOCK_TIME, this::poolRound);
        } else if (strategy instanceof MixingStrategy.Threshold th && th.maxWait().isPresent()) {
            long tick = Math.max(5, Math.min(1000, th.maxWait().get().toMillis() / 10));
            context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::releaseIfWaitedTooLong);
        } else if (strategy instanceof MixingStrategy.Continuous c) {
            context.schedule(c.tick(), PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
        }
        context.schedule(config.replayPurgeInterval(), PunctuationType.WALL_CLOCK_TIME, this::purgeRetiredTags);
    }

    /**
     * Rebuilds the in-memory index from the restored stores. Entries that do not open mean this
     * instance has another pool store key than the one that sealed them: a configuration error that
     * would lose every held packet, so the task fails loudly instead of dropping them.
     */
    private void rebuildIndex() {
        index.clear();
        releasedUnswept.clear();
        try (KeyValueIterator<Bytes, byte[]> it = meta.range(markKey(new byte[STORE_KEY_LENGTH], (byte) 0),
                markKey(new byte[STORE_KEY_LENGTH], (byte) 0xff))) {
            while (it.hasNext()) {
                var kv = it.next();
                byte[] markId = java.util.Arrays.copyOfRange(kv.key.get(), 1, kv.key.get().length);
                releasedUnswept.put(Bytes.wrap(open(Purpose.RELEASE_MARK, markId, kv.value)), kv.key);
            }
        }
        try (KeyValueIterator<Bytes, byte[]> it = pool.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (releasedUnswept.containsKey(kv.key)) {
                    continue;
                }
                HeldEntry e = HeldEntry.decode(geometry, open(Purpose.POOL_ENTRY, kv.key.get(), kv.value));
                index.add(new HeldIndex.Item(kv.key, e.arrivedAtMillis(), e.releaseAtMillis()));
            }
        }
        byte[] stored = meta.get(COUNT_KEY);
        long storedCount = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
        if (storedCount != index.size()) {
            LOG.warn("Task {}: the held count store says {} but the pool holds {}; using the pool", taskId, storedCount,
                    index.size());
        }
        if (index.size() > 0) {
            LOG.info("Task {}: {} held packet(s) restored", taskId, index.size());
        }
    }

    private byte[] open(Purpose purpose, byte[] key, byte[] sealed) {
        try {
            return sealer.open(purpose, key, sealed);
        } catch (SealedValueException e) {
            throw new StoreKeyMismatchException("Task " + taskId + " of mixer " + config.mixerId() + ": " + e.getMessage()
                    + ". Every instance of a mixer needs the same " + PoolStoreKey.FILE_NAME + ".");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Intake
    // ---------------------------------------------------------------------------------------------

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Outcome outcome = check(record.value(), source, now);
        if (outcome instanceof Outcome.Rejected r) {
            reject(r.reason(), r.epoch(), source, now);
            return;
        }
        Outcome.Accepted a = (Outcome.Accepted) outcome;
        // Replay check and tag recording come last: only a packet that is about to enter the pool
        // spends a slot in the replay store, and nothing before this point has changed any state.
        Bytes tagKey = tagKey(a.epoch(), a.processed().replayTag());
        if (replay.get(tagKey) != null) {
            reject(RejectionReason.REPLAY, a.epoch(), source, now);
            return;
        }
        replay.put(tagKey, SEEN);
        hold(a, now);
    }

    /** Every check that needs no state, in order of cost; never throws on bad input. */
    private Outcome check(byte[] value, RecordMetadata source, long now) {
        if (value == null || value.length == 0) {
            return new Outcome.Rejected(RejectionReason.UNDECODABLE_RECORD, null);
        }
        if (value.length > geometry.packetSize() + MAX_ENVELOPE_OVERHEAD) {
            return new Outcome.Rejected(RejectionReason.WRONG_SIZE, null);
        }
        PacketEnvelope envelope;
        try {
            envelope = envelopes.decode(value);
        } catch (RecordDecodingException e) {
            return new Outcome.Rejected(RejectionReason.UNDECODABLE_RECORD, null);
        }
        long epoch = envelope.getEpoch();
        if (envelope.getFormatVersion() != FORMAT_VERSION) {
            return new Outcome.Rejected(RejectionReason.UNSUPPORTED_FORMAT_VERSION, epoch);
        }
        byte[] packet = bytes(envelope.getPacket());
        if (packet.length != geometry.packetSize()) {
            return new Outcome.Rejected(RejectionReason.WRONG_SIZE, epoch);
        }
        if (config.partitionBinding()) {
            int partitions = ingressPartitions.getAsInt();
            if (partitions > 0 && source.partition() != PartitionBinding.partitionFor(packet, partitions)) {
                return new Outcome.Rejected(RejectionReason.WRONG_PARTITION, epoch);
            }
        }
        // keyFor answers from memory and only for epochs the schedule accepts now (previous within
        // its grace, current, next): a packet of a retired epoch finds no key even before its key
        // file is purged.
        Optional<MixPrivateKey> key = keyring.keyFor(epoch, now);
        if (key.isEmpty()) {
            return new Outcome.Rejected(RejectionReason.UNKNOWN_EPOCH, epoch);
        }
        UnwrapResult result;
        try {
            result = sphinx.unwrap(key.get(), packet);
        } catch (IllegalStateException retiredMeanwhile) {
            return new Outcome.Rejected(RejectionReason.UNKNOWN_EPOCH, epoch);
        }
        if (result instanceof UnwrapResult.Rejected r) {
            return new Outcome.Rejected(RejectionReason.of(r.reason()), epoch);
        }
        UnwrapResult.Processed processed = (UnwrapResult.Processed) result;
        HopInstruction instruction = processed.instruction();
        RejectionReason refused = checkCommand(instruction);
        if (refused != null) {
            return new Outcome.Rejected(refused, epoch);
        }
        return new Outcome.Accepted(epoch, processed);
    }

    /** The operator's configuration, not the packet, decides where anything can go. */
    private RejectionReason checkCommand(HopInstruction instruction) {
        RoutingCommand command = instruction.command();
        if (command instanceof RoutingCommand.Relay relay) {
            if (!sinks.nextHopSinks().containsKey(relay.mixerId())) {
                return RejectionReason.UNKNOWN_NEXT_HOP;
            }
        } else if (command instanceof RoutingCommand.Exit exit) {
            if (config.role() != MixerRole.FORWARD) {
                return RejectionReason.COMMAND_NOT_ALLOWED;
            }
            if (!sinks.exitSinks().containsKey(exit.service())) {
                return RejectionReason.UNKNOWN_SERVICE;
            }
        } else if (command instanceof RoutingCommand.DeliverReply) {
            if (config.role() != MixerRole.RESPONSE) {
                return RejectionReason.COMMAND_NOT_ALLOWED;
            }
        }
        if (config.strategy() instanceof MixingStrategy.Continuous c && instruction.delayMillis() > c.maxDelay().toMillis()) {
            return RejectionReason.DELAY_TOO_LONG;
        }
        return null;
    }

    private void reject(RejectionReason reason, Long epoch, RecordMetadata source, long now) {
        metrics.rejected(reason);
        LOG.debug("Rejected {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(reason.name())
                .setMixerId(config.mixerId())
                .setEpoch(epoch)
                .setRejectedAtMillis(now)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .build();
        context.forward(new Record<>(null, letter, now), MixerTopology.DEAD_LETTER_SINK);
    }

    /**
     * Puts a peeled packet into the pool under a fresh random key, sealed and padded to the fixed
     * entry size: the changelog record written now says only "one more packet is held".
     */
    private void hold(Outcome.Accepted a, long now) {
        HopInstruction instruction = a.processed().instruction();
        long releaseAt = config.strategy() instanceof MixingStrategy.Continuous ? now + instruction.delayMillis() : now;
        HeldEntry entry = new HeldEntry(a.epoch(), now, releaseAt, instruction.command(), a.processed().output());
        byte[] key = newStoreKey();
        pool.put(Bytes.wrap(key), sealer.seal(Purpose.POOL_ENTRY, key, entry.encode(geometry)));
        index.add(new HeldIndex.Item(Bytes.wrap(key), now, releaseAt));
        storeCount();
        metrics.accepted();
        if (config.strategy() instanceof MixingStrategy.Threshold t && index.size() >= t.size()) {
            releaseAll(now);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Release
    // ---------------------------------------------------------------------------------------------

    private void releaseAll(long now) {
        if (!index.isEmpty()) {
            release(index.items(), now);
        }
    }

    private void releaseIfWaitedTooLong(long now) {
        MixingStrategy.Threshold t = (MixingStrategy.Threshold) config.strategy();
        long maxWait = t.maxWait().orElseThrow().toMillis();
        index.oldestArrival().ifPresent(oldest -> {
            if (now - oldest >= maxWait) {
                releaseAll(now);
            }
        });
    }

    /** Pool mix round: a uniformly random choice of {@code releaseCount(held)} packets leaves. */
    private void poolRound(long now) {
        MixingStrategy.Pool p = (MixingStrategy.Pool) config.strategy();
        int k = (int) p.releaseCount(index.size());
        if (k == 0) {
            return;
        }
        List<HeldIndex.Item> all = index.items();
        Shuffle.fisherYates(all, random);
        release(new ArrayList<>(all.subList(0, k)), now);
    }

    /** Continuous mix tick: everything due leaves; released entries are swept every rekey interval. */
    private void releaseDue(long now) {
        List<HeldIndex.Item> due = index.dueBy(now);
        if (!due.isEmpty()) {
            release(due, now);
        }
        MixingStrategy.Continuous c = (MixingStrategy.Continuous) config.strategy();
        if (!releasedUnswept.isEmpty() && now - lastSweepMillis >= c.rekeyInterval().toMillis()) {
            sweep(now);
        }
    }

    /**
     * Releases {@code items}: opens them, shuffles them (a fresh uniform permutation), writes each
     * as a new record with the flush time, no headers and no key, then removes them from the store
     * without revealing which entries left (see {@link #forget}).
     */
    private void release(List<HeldIndex.Item> items, long now) {
        List<HeldEntry> batch = new ArrayList<>(items.size());
        for (HeldIndex.Item item : items) {
            byte[] sealed = pool.get(item.key());
            batch.add(HeldEntry.decode(geometry, open(Purpose.POOL_ENTRY, item.key().get(), sealed)));
        }
        Shuffle.fisherYates(batch, random);
        int drops = 0;
        for (HeldEntry e : batch) {
            if (!emit(e, now)) {
                drops++;
            }
        }
        for (HeldIndex.Item item : items) {
            index.remove(item.key());
        }
        forget(items, now);
        storeCount();
        metrics.released(batch.size(), drops);
    }

    /** Writes one released packet; false for a Drop, which goes nowhere. */
    private boolean emit(HeldEntry e, long now) {
        RoutingCommand command = e.command();
        if (command instanceof RoutingCommand.Relay relay) {
            PacketEnvelope env = PacketEnvelope.newBuilder().setFormatVersion(FORMAT_VERSION).setEpoch(e.epoch())
                    .setPacket(ByteBuffer.wrap(e.output())).build();
            context.forward(new Record<>(null, env, now), sinks.nextHopSinks().get(relay.mixerId()));
        } else if (command instanceof RoutingCommand.Exit exit) {
            ExitMessage msg = ExitMessage.newBuilder().setEpoch(e.epoch()).setPayload(ByteBuffer.wrap(e.output()))
                    .setReplyBlock(null).build();
            context.forward(new Record<>(null, msg, now), sinks.exitSinks().get(exit.service()));
        } else if (command instanceof RoutingCommand.DeliverReply reply) {
            InboxMessage msg = InboxMessage.newBuilder().setSurbId(new SurbIdBytes(reply.surbId().bytes()))
                    .setPayload(ByteBuffer.wrap(e.output())).build();
            context.forward(new Record<>(null, msg, now), MixerTopology.REPLY_INBOX_SINK);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Removes released entries from the store. A per-entry delete at release time would tell a
     * changelog reader which intake record left in which flush, undoing pool and continuous mixing.
     * So: when the pool is empty afterwards, everything is deleted (which only says "all left");
     * a pool mix rewrites its survivors under fresh keys right away ({@link #sweep}); a continuous
     * mix writes a sealed release mark under a random key now and sweeps periodically.
     */
    private void forget(List<HeldIndex.Item> released, long now) {
        if (index.isEmpty()) {
            List<Bytes> keys = new ArrayList<>();
            released.forEach(i -> keys.add(i.key()));
            keys.addAll(releasedUnswept.keySet());
            keys.sort(null);
            keys.forEach(pool::delete);
            releasedUnswept.values().stream().filter(java.util.Objects::nonNull).forEach(meta::delete);
            releasedUnswept.clear();
            lastSweepMillis = now;
        } else if (config.strategy() instanceof MixingStrategy.Continuous) {
            for (HeldIndex.Item item : released) {
                byte[] markId = newStoreKey();
                Bytes markKey = markKey(markId, null);
                meta.put(markKey, sealer.seal(Purpose.RELEASE_MARK, markId, item.key().get()));
                releasedUnswept.put(item.key(), markKey);
            }
        } else {
            released.forEach(i -> releasedUnswept.put(i.key(), null));
            sweep(now);
        }
    }

    /**
     * Deletes every pool entry (released and held) and every release mark, then writes the held
     * ones again under fresh random keys, freshly sealed, in a random order. A changelog reader sees
     * a block of deletes followed by a block of puts and cannot tell which old entry became which
     * new one, or which left.
     */
    private void sweep(long now) {
        List<HeldIndex.Item> live = index.items();
        Shuffle.fisherYates(live, random);
        List<byte[]> plaintexts = new ArrayList<>(live.size());
        for (HeldIndex.Item item : live) {
            plaintexts.add(open(Purpose.POOL_ENTRY, item.key().get(), pool.get(item.key())));
        }
        TreeSet<Bytes> doomed = new TreeSet<>(releasedUnswept.keySet());
        live.forEach(i -> doomed.add(i.key()));
        doomed.forEach(pool::delete);
        releasedUnswept.values().stream().filter(java.util.Objects::nonNull).forEach(meta::delete);
        releasedUnswept.clear();
        index.clear();
        for (int i = 0; i < live.size(); i++) {
            byte[] key = newStoreKey();
            pool.put(Bytes.wrap(key), sealer.seal(Purpose.POOL_ENTRY, key, plaintexts.get(i)));
            index.add(new HeldIndex.Item(Bytes.wrap(key), live.get(i).arrivedAtMillis(), live.get(i).releaseAtMillis()));
        }
        lastSweepMillis = now;
    }

    private void storeCount() {
        meta.put(COUNT_KEY, ByteBuffer.allocate(8).putLong(index.size()).array());
        metrics.taskHeld(taskId, index.size());
    }

    // ---------------------------------------------------------------------------------------------
    // Replay tags
    // ---------------------------------------------------------------------------------------------

    /** Deletes the tags of epochs that are no longer accepted: their packets are refused anyway. */
    private void purgeRetiredTags(long now) {
        long oldest = config.epochSchedule().acceptedEpochs(now).get(0);
        if (oldest <= 0) {
            return;
        }
        List<Bytes> retired = new ArrayList<>();
        // Keys are epoch (8 bytes, big-endian, non-negative) || tag; the bare 8-byte prefix of the
        // oldest accepted epoch sorts before all of that epoch's keys.
        try (KeyValueIterator<Bytes, byte[]> it = replay.range(Bytes.wrap(new byte[8]),
                Bytes.wrap(ByteBuffer.allocate(8).putLong(oldest).array()))) {
            while (it.hasNext() && retired.size() < MAX_PURGE_PER_ROUND) {
                retired.add(it.next().key);
            }
        }
        retired.forEach(replay::delete);
        if (!retired.isEmpty()) {
            LOG.debug("Task {}: purged {} replay tag(s) of epochs before {}", taskId, retired.size(), oldest);
        }
    }

    static Bytes tagKey(long epoch, byte[] tag) {
        return Bytes.wrap(ByteBuffer.allocate(8 + tag.length).putLong(epoch).put(tag).array());
    }

    // ---------------------------------------------------------------------------------------------

    private byte[] newStoreKey() {
        byte[] k = new byte[STORE_KEY_LENGTH];
        random.nextBytes(k);
        return k;
    }

    /** Meta-store key of a release mark: 'R' || id; with {@code fill} set, the range bound. */
    private static Bytes markKey(byte[] id, Byte fill) {
        byte[] k = new byte[1 + id.length];
        k[0] = MARK_PREFIX;
        if (fill != null) {
            java.util.Arrays.fill(k, 1, k.length, fill);
        } else {
            System.arraycopy(id, 0, k, 1, id.length);
        }
        return Bytes.wrap(k);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    public void close() {
        if (taskId != null) {
            metrics.taskClosed(taskId);
        }
    }

    /** Result of the stateless checks. */
    private sealed interface Outcome {
        record Rejected(RejectionReason reason, Long epoch) implements Outcome {
        }

        record Accepted(long epoch, UnwrapResult.Processed processed) implements Outcome {
        }
    }

    /**
     * Held entries do not open under this instance's pool store key. Fatal for the instance:
     * continuing would drop every held packet.
     */
    static final class StoreKeyMismatchException extends StreamsException {
        private static final long serialVersionUID = 1L;

        StoreKeyMismatchException(String message) {
            super(message);
        }
    }
}
