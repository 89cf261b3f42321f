package io.kafkamixnet.topology;

import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.SurbIdBytes;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import io.kafkamixnet.topology.cover.CoverPacket;
import io.kafkamixnet.topology.cover.MixerCover;
import io.kafkamixnet.topology.cover.TaskCover;
import io.kafkamixnet.topology.internals.HeldEntry;
import io.kafkamixnet.topology.internals.HeldIndex;
import io.kafkamixnet.topology.internals.ReplayTags;
import io.kafkamixnet.topology.internals.SealedPool;
import io.kafkamixnet.topology.internals.Shuffle;
import io.kafkamixnet.topology.internals.StoredHeldIndex;
import io.kafkamixnet.topology.release.HeldPacket;
import io.kafkamixnet.topology.release.ReleasePolicy;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The mixer of one stream task (one ingress partition): intake → release policy → release.
 * {@link Intake} decides whether a record is held, the {@link SealedPool} holds it, the strategy's
 * {@link ReleasePolicy} says what leaves on an arrival or a wall-clock tick, and this class writes
 * what leaves: each packet as a record built from scratch, in a fresh random order, to the sink its
 * command names. See the package documentation for the design.
 */
final class MixProcessor implements Processor<byte[], byte[], byte[], SpecificRecord> {

    private final MixerConfig config;
    private final Sphinx sphinx;
    private final EpochKeyRing keyring;
    private final PoolStoreKey storeKey;
    private final MixerMetrics metrics;
    private final IntSupplier ingressPartitions;
    private final Sinks sinks;
    private final ReleasePolicy policy;
    private final DeadLetters deadLetters;
    private final PacketEnvelopeCodec envelopes;
    private final UnwrapAhead ahead;
    private final SecureRandom random = new SecureRandom();
    /** Null when the mixer sends neither dummies nor loops. */
    private final MixerCover cover;

    private ProcessorContext<byte[], SpecificRecord> context;
    private Intake intake;
    private SealedPool pool;
    private String taskId;
    private TaskCover taskCover;

    MixProcessor(
            MixerConfig config,
            Sphinx sphinx,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerMetrics metrics,
            IntSupplier ingressPartitions,
            Sinks sinks,
            MixerCover cover,
            UnwrapAhead ahead) {
        this.config = config;
        this.sphinx = sphinx;
        this.keyring = keyring;
        this.storeKey = storeKey;
        this.metrics = metrics;
        this.ingressPartitions = ingressPartitions;
        this.sinks = sinks;
        this.cover = cover;
        this.ahead = ahead;
        this.policy = config.strategy().releasePolicy();
        this.deadLetters = new DeadLetters(config.mixerId(), metrics);
        this.envelopes = PacketEnvelopeCodec.forPacketSize(config.geometry().packetSize());
    }

    @Override
    public void init(ProcessorContext<byte[], SpecificRecord> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        this.pool = new SealedPool(
                context.getStateStore(TopologyNames.POOL_STORE),
                context.getStateStore(TopologyNames.POOL_META_STORE),
                policy.holdsMany()
                        ? new StoredHeldIndex(context.getStateStore(TopologyNames.POOL_INDEX_STORE))
                        : new HeldIndex(),
                storeKey,
                config.geometry(),
                policy.forgetting(),
                random,
                taskId,
                config.mixerId());
        ReplayTags replayTags =
                new ReplayTags(context.getStateStore(TopologyNames.REPLAY_STORE), config.epochSchedule(), taskId);
        this.intake = new Intake(config, sphinx, keyring, ingressPartitions, sinks, policy, replayTags, ahead);
        metrics.taskHeld(taskId, pool.restore(context.currentSystemTimeMs()));
        policy.tickInterval().ifPresent(tick -> context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick));
        context.schedule(config.replayPurgeInterval(), PunctuationType.WALL_CLOCK_TIME, replayTags::purgeRetired);
        if (cover != null) {
            taskCover = cover.forTask();
            context.schedule(TaskCover.TICK, PunctuationType.WALL_CLOCK_TIME, this::coverTick);
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Intake.Outcome outcome = intake.admit(record.value(), source.partition(), source.offset(), now);
        if (outcome instanceof Intake.Outcome.Rejected r) {
            context.forward(
                    new Record<>(null, deadLetters.letter(r.reason(), r.epoch(), source, now), now),
                    TopologyNames.DEAD_LETTER_SINK);
            return;
        }
        Intake.Outcome.Accepted a = (Intake.Outcome.Accepted) outcome;
        HopInstruction instruction = a.processed().instruction();
        long releaseAt = policy.releaseAtMillis(now, instruction.delayMillis());
        pool.hold(new HeldEntry(
                a.epoch(), now, releaseAt, instruction.command(), a.processed().output()));
        metrics.taskHeld(taskId, pool.size());
        metrics.accepted();
        if (taskCover != null) {
            taskCover.accepted(instruction.command(), a.processed().replayTag(), now);
        }
        release(policy.onArrival(pool.held(), now), now);
    }

    /** A wall-clock tick of the policy: what is due leaves, then released entries are swept if it is time. */
    private void tick(long now) {
        release(policy.onTick(pool.held(), now), now);
        pool.sweepIfDue(now);
    }

    /**
     * Releases {@code items}: opens them, shuffles them (a fresh uniform permutation), writes each
     * as a new record with the flush time, no headers and no key, then lets the pool forget them
     * without revealing which entries left.
     */
    private void release(List<HeldPacket> items, long now) {
        if (items.isEmpty() || (taskCover != null && !taskCover.mayRelease(now))) {
            return;
        }
        List<HeldEntry> batch = withDummies(pool.open(items), now);
        Shuffle.fisherYates(batch, random);
        int drops = 0;
        for (HeldEntry e : batch) {
            if (!emit(e, now)) {
                drops++;
            }
        }
        pool.forget(items, now);
        metrics.taskHeld(taskId, pool.size());
        metrics.heldUntil(items, now);
        metrics.released(items.size(), drops);
    }

    /** {@code opened} plus the dummies that top it up to {@code dummy.min-batch}: they are shuffled in with it. */
    private List<HeldEntry> withDummies(List<HeldEntry> opened, long now) {
        if (taskCover == null) {
            return opened;
        }
        List<HeldEntry> batch = new ArrayList<>(opened);
        for (CoverPacket d : taskCover.topUp(opened.size(), now)) {
            batch.add(asEntry(d, now));
        }
        return batch;
    }

    /** Idle dummies and heartbeat loops that are due leave on their own, in a fresh random order. */
    private void coverTick(long now) {
        List<HeldEntry> out = new ArrayList<>();
        for (CoverPacket p : taskCover.due(now)) {
            out.add(asEntry(p, now));
        }
        Shuffle.fisherYates(out, random);
        for (HeldEntry e : out) {
            emit(e, now);
        }
    }

    /** A packet this mixer built, written like a held one relaying to the route's first hop. */
    private static HeldEntry asEntry(CoverPacket p, long now) {
        return new HeldEntry(p.epoch(), now, now, new RoutingCommand.Relay(p.firstHop()), p.packet());
    }

    /** Writes one released packet; false for a Drop, which goes nowhere. */
    private boolean emit(HeldEntry e, long now) {
        RoutingCommand command = e.command();
        if (command instanceof RoutingCommand.Relay relay) {
            PacketEnvelope env = envelopes.toRecord(e.epoch(), e.output());
            context.forward(new Record<>(null, env, now), sinks.coverSink(relay.mixerId()));
        } else if (command instanceof RoutingCommand.Exit exit) {
            ExitMessage msg = ExitMessage.newBuilder()
                    .setEpoch(e.epoch())
                    .setPayload(ByteBuffer.wrap(e.output()))
                    .setReplyBlock(null)
                    .build();
            context.forward(new Record<>(null, msg, now), sinks.exitSinks().get(exit.service()));
        } else if (command instanceof RoutingCommand.DeliverReply reply) {
            InboxMessage msg = InboxMessage.newBuilder()
                    .setSurbId(new SurbIdBytes(reply.surbId().bytes()))
                    .setPayload(ByteBuffer.wrap(e.output()))
                    .build();
            context.forward(new Record<>(null, msg, now), TopologyNames.REPLY_INBOX_SINK);
        } else {
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        if (taskId != null) {
            metrics.taskClosed(taskId);
        }
    }
}
