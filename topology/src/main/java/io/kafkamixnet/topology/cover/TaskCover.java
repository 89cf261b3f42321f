package io.kafkamixnet.topology.cover;

import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.packet.RoutingCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The defences as one stream task sees them; used from that task's thread only. The mixing processor
 * asks it four things: whether a peeled Drop is one of our loops ({@link #accepted}), whether a release
 * may go ahead ({@link #mayRelease}), which dummies top up a batch ({@link #topUp}), and what to send
 * on a cover tick ({@link #due}).
 */
public final class TaskCover {

    /** How often the processor should call {@link #due}: the resolution of the Poisson schedules. */
    public static final java.time.Duration TICK = java.time.Duration.ofMillis(50);

    private final MixerCover mixer;
    private final RateBudget dummyBudget;
    private int loopsSinceRelease;

    TaskCover(MixerCover mixer) {
        this.mixer = mixer;
        MixerCover.Settings s = mixer.settings();
        this.dummyBudget = new RateBudget(s.dummyMaxRate(), Math.max(s.dummyMaxRate(), s.dummyMinBatch()));
    }

    /**
     * A packet was accepted into this task's pool with hop command {@code command} and replay tag
     * {@code replayTag}; a Drop may be one of our forward-path loops coming back (known by its replay
     * tag), a DeliverReply one of our response-path loops whose last hop we are (known by its SURB id).
     * Either stays in the pool like any packet: the reply still goes to the inbox.
     */
    public void accepted(RoutingCommand command, byte[] replayTag, long nowMillis) {
        boolean ours = false;
        if (command instanceof RoutingCommand.Drop) {
            HeartbeatMonitor forward = mixer.monitor(LoopPath.FORWARD);
            ours = forward != null && forward.recognise(replayTag, nowMillis);
        } else if (command instanceof RoutingCommand.DeliverReply reply
                && mixer.settings().replyLoopsEndHere()) {
            HeartbeatMonitor response = mixer.monitor(LoopPath.RESPONSE);
            ours = response != null && response.recognise(reply.surbId().bytes(), nowMillis);
        }
        if (ours) {
            loopsSinceRelease++;
        }
    }

    /**
     * Whether a release the policy chose may leave now: not while the heartbeat alarm holds the mixer,
     * and not before {@code heartbeat.loops-per-batch} of our loops came back to this task since its
     * last release. A refused release stays in the pool; the policy offers it again.
     */
    public boolean mayRelease(long nowMillis) {
        if (!mixer.sendsLoops()) {
            return true;
        }
        mixer.check(nowMillis);
        if (mixer.holding() || loopsSinceRelease < mixer.settings().loopsPerBatch()) {
            mixer.metrics().releaseHeld();
            return false;
        }
        return true;
    }

    /** Dummies that bring a batch of {@code realCount} packets up to {@code dummy.min-batch}, within budget. */
    public List<CoverPacket> topUp(int realCount, long nowMillis) {
        loopsSinceRelease = 0;
        int wanted = mixer.settings().dummyMinBatch() - realCount;
        if (wanted <= 0) {
            return List.of();
        }
        return dummies(wanted, nowMillis);
    }

    /** What leaves on a cover tick: idle dummies and loops that are due; each loop is registered as sent. */
    public List<CoverPacket> due(long nowMillis) {
        List<CoverPacket> out = new ArrayList<>();
        int idle = mixer.idleDummiesDue(nowMillis);
        if (idle > 0) {
            out.addAll(dummies(idle, nowMillis));
        }
        int notBuilt = 0;
        int hops = mixer.settings().heartbeatHops();
        int loops = mixer.loopsDue(LoopPath.FORWARD, nowMillis);
        for (int i = 0; i < loops; i++) {
            Optional<CoverPacketBuilder.Loop> loop = mixer.builder().loop(hops, nowMillis);
            if (loop.isPresent()) {
                out.add(loop.get().packet());
                mixer.monitor(LoopPath.FORWARD).sent(loop.get().tag(), nowMillis);
            } else {
                notBuilt++;
            }
        }
        int replies = mixer.loopsDue(LoopPath.RESPONSE, nowMillis);
        for (int i = 0; i < replies; i++) {
            Optional<CoverPacketBuilder.ReplyLoop> loop = mixer.builder().replyLoop(hops, nowMillis);
            if (loop.isPresent()) {
                out.add(loop.get().packet());
                mixer.monitor(LoopPath.RESPONSE).sent(loop.get().surbId().bytes(), nowMillis);
            } else {
                notBuilt++;
            }
        }
        if (notBuilt > 0) {
            mixer.metrics().coverNotBuilt(notBuilt);
        }
        mixer.check(nowMillis);
        return out;
    }

    private List<CoverPacket> dummies(int wanted, long nowMillis) {
        int granted = dummyBudget.take(wanted, nowMillis);
        List<CoverPacket> out = new ArrayList<>(granted);
        for (int i = 0; i < granted; i++) {
            Optional<CoverPacket> d = mixer.builder().dummy(mixer.settings().dummyHops(), nowMillis);
            if (d.isEmpty()) {
                break; // no route now: the next ones would find none either
            }
            out.add(d.get());
        }
        if (wanted > out.size()) {
            mixer.metrics().coverNotBuilt(wanted - out.size());
        }
        mixer.metrics().dummiesSent(out.size());
        return out;
    }
}
