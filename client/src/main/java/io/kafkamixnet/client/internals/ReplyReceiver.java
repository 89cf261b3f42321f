package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.MixnetTimeoutException;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.packet.PacketException;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import java.time.Duration;
import java.util.List;

/**
 * Client side, on the inbox thread: turns records of the shared reply inbox into finished requests.
 * For each record it finds the SURB secret by SURB id (most records are other clients' replies),
 * opens the reply packet with it (the secret is destroyed right after), decodes the reply frame and
 * hands it to the request's reassembly; on every tick it times out requests past their deadline.
 *
 * <p>A reply that fails its integrity check or carries a bad frame fails its request at once: its
 * SURB is used up, so the request can never get a whole reply. Nothing here logs a payload or a SURB.
 */
public final class ReplyReceiver implements ReplyInbox.Listener {

    private static final AvroCodec<InboxMessage> INBOX_CODEC = AvroCodec.of(InboxMessage.class);

    private final Sphinx sphinx;
    private final MessageLimits limits;
    private final PendingRequests pending;
    private final ClientCounters counters;
    private final RequestCompletion completion;
    private final Duration requestTimeout;
    private volatile MixnetException failure;
    /** The client's loop monitor; null when loop cover is off. */
    private volatile HeartbeatMonitor loops;

    /** @param requestTimeout the client's request timeout, named in the timeout error */
    public ReplyReceiver(
            Sphinx sphinx,
            PendingRequests pending,
            ClientCounters counters,
            RequestCompletion completion,
            Duration requestTimeout) {
        this.sphinx = sphinx;
        this.limits = MessageLimits.of(sphinx.geometry());
        this.pending = pending;
        this.counters = counters;
        this.completion = completion;
        this.requestTimeout = requestTimeout;
    }

    /** Recognise this client's loops (by SURB id) among the inbox records from now on. */
    public void recogniseLoops(HeartbeatMonitor monitor) {
        this.loops = monitor;
    }

    /** Why the inbox reader stopped, or null while it runs: then no reply can arrive any more. */
    public MixnetException failure() {
        return failure;
    }

    @Override
    public void onRecord(byte[] value) {
        counters.inboxRecords.increment();
        InboxMessage message;
        try {
            message = INBOX_CODEC.decode(value);
        } catch (RecordDecodingException e) {
            counters.undecodableInboxRecords.increment();
            return;
        }
        SurbId id = SurbId.of(message.getSurbId().bytes());
        HeartbeatMonitor monitor = loops;
        if (monitor != null && monitor.recognise(id.bytes(), System.currentTimeMillis())) {
            return;
        }
        PendingRequests.Lookup lookup = pending.take(id);
        if (lookup instanceof PendingRequests.Unknown) {
            counters.repliesNotOurs.increment();
            return;
        }
        if (lookup instanceof PendingRequests.Retired) {
            counters.repliesForExpiredSurbs.increment();
            return;
        }
        PendingRequests.Found found = (PendingRequests.Found) lookup;
        ReplyFrame frame;
        try {
            byte[] opened = sphinx.openReply(found.secret(), AvroCodec.copyBytes(message.getPayload()));
            frame = ReplyFrame.decode(opened, limits);
        } catch (PacketException e) {
            rejectReply(found.pending(), "a reply packet failed its integrity check (modified in transit)");
            return;
        } catch (FrameException e) {
            rejectReply(found.pending(), "the service sent a malformed reply fragment: " + e.getMessage());
            return;
        } finally {
            found.secret().destroy();
        }
        PendingRequests.ReplyOutcome outcome = pending.accept(found.pending(), frame);
        if (outcome instanceof PendingRequests.Completed c) {
            counters.repliesCompleted.increment();
            completion.complete(c.pending().future(), c.reply());
        } else if (outcome instanceof PendingRequests.Failed f) {
            counters.serviceErrors.increment();
            completion.completeExceptionally(f.pending().future(), f.error());
        } else if (outcome instanceof PendingRequests.Rejected r) {
            rejectReply(found.pending(), "the service sent an inconsistent reply: " + r.reason());
        }
    }

    private void rejectReply(PendingRequests.Pending p, String reason) {
        counters.repliesRejected.increment();
        // The SURB is used up, so this request can never get a whole reply: fail it now, not at its deadline.
        completion.fail(p, new MixnetException(reason));
    }

    @Override
    public void onTick(long nowMillis) {
        HeartbeatMonitor monitor = loops;
        if (monitor != null) {
            monitor.check(nowMillis);
        }
        List<PendingRequests.Pending> expired = pending.expire(nowMillis);
        for (PendingRequests.Pending p : expired) {
            counters.requestsTimedOut.increment();
            completion.completeExceptionally(
                    p.future(),
                    new MixnetTimeoutException("no complete reply before the deadline"
                            + " (request timeout " + requestTimeout
                            + ", or the end of the grace period of the key epoch,"
                            + " whichever is sooner); its SURBs were dropped"));
        }
    }

    @Override
    public void onFailure(RuntimeException error) {
        failure = error instanceof MixnetException m ? m : new MixnetException(error.getMessage(), error);
        completion.failAll(() -> new MixnetException("the reply inbox reader stopped: " + error.getMessage(), error));
    }
}
