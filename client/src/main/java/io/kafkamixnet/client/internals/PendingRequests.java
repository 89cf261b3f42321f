package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.ReplyStatus;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.SurbSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Client side: the requests waiting for their reply and the secrets of their reply blocks (SURBs),
 * with the deadline after which both are dropped. Thread-safe.
 *
 * <p>Security contract: a {@link SurbSecret} is handed out at most once ({@link #take}): SURBs are
 * single-use, so a second reply to the same SURB (a duplicate or a replay) finds nothing. Secrets are
 * destroyed when used, when their request ends (complete, failed or timed out) and on {@link #removeAll}.
 * The ids of retired SURBs are remembered (a bounded number) only so that a late reply can be
 * counted as "expired" rather than "not ours".
 */
public final class PendingRequests {

    /** One request waiting for its reply. */
    public static final class Pending {
        private final MessageId messageId;
        private final CompletableFuture<byte[]> future;
        private final long deadlineMillis;
        private final Map<SurbId, SurbSecret> surbs;
        private final int surbCount;
        private FragmentAssembly reply;
        private boolean done;

        private Pending(
                MessageId messageId, List<SurbSecret> secrets, long deadlineMillis, CompletableFuture<byte[]> future) {
            this.messageId = messageId;
            this.future = future;
            this.deadlineMillis = deadlineMillis;
            this.surbs = new HashMap<>();
            for (SurbSecret s : secrets) {
                surbs.put(s.id(), s);
            }
            this.surbCount = secrets.size();
        }

        public MessageId messageId() {
            return messageId;
        }

        public CompletableFuture<byte[]> future() {
            return future;
        }

        public long deadlineMillis() {
            return deadlineMillis;
        }

        /** How many SURBs the request carried: the most reply packets its reply may use. */
        public int surbCount() {
            return surbCount;
        }

        @Override
        public String toString() {
            return "Pending[surbs=" + surbCount + ", deadline=" + deadlineMillis + "]";
        }
    }

    /** What {@link #take} found for a SURB id. */
    public sealed interface Lookup permits Found, Retired, Unknown {}

    /** A live SURB of this client: its secret (now removed from the store) and its request. */
    public record Found(Pending pending, SurbSecret secret) implements Lookup {}

    /** A SURB of this client that was already used, or whose request ended. */
    public record Retired() implements Lookup {}

    /** Not a SURB of this client (the normal case on a shared inbox), or one retired long ago. */
    public record Unknown() implements Lookup {}

    /** What a reply fragment did to its request. */
    public sealed interface ReplyOutcome permits Completed, Failed, Waiting, Rejected, Ended {}

    /** The reply is complete: the request has been removed; complete its future with {@code reply}. */
    public record Completed(Pending pending, byte[] reply) implements ReplyOutcome {}

    /** The service reported an error: the request has been removed; fail its future with {@code error}. */
    public record Failed(Pending pending, MixnetException error) implements ReplyOutcome {}

    /** More reply fragments are expected. */
    public record Waiting() implements ReplyOutcome {}

    /** The fragment contradicts the request or its other fragments and was ignored. */
    public record Rejected(String reason) implements ReplyOutcome {}

    /** The request ended (timed out, failed or closed) while this fragment was being opened. */
    public record Ended() implements ReplyOutcome {}

    private final int maxPending;
    private final int retiredMemory;
    private final Map<SurbId, Pending> bySurb = new HashMap<>();
    private final PriorityQueue<Pending> byDeadline =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineMillis, b.deadlineMillis));
    private final LinkedHashMap<SurbId, Boolean> retired;
    private int pending;

    /**
     * @param maxPending    most requests waiting at once (bounds the SURB secrets and reply fragments held)
     * @param retiredMemory how many retired SURB ids to remember for classifying late replies
     */
    public PendingRequests(int maxPending, int retiredMemory) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, found " + maxPending);
        }
        if (retiredMemory < 0) {
            throw new IllegalArgumentException("retiredMemory must be >= 0, found " + retiredMemory);
        }
        this.maxPending = maxPending;
        this.retiredMemory = retiredMemory;
        this.retired = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<SurbId, Boolean> eldest) {
                return size() > PendingRequests.this.retiredMemory;
            }
        };
    }

    /**
     * Registers a request and the secrets of the SURBs it carries.
     *
     * @throws MixnetException if {@code maxPending} requests are already waiting
     */
    public synchronized Pending register(
            MessageId messageId, List<SurbSecret> secrets, long deadlineMillis, CompletableFuture<byte[]> future) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(future, "future");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a request carries at least one SURB");
        }
        if (pending >= maxPending) {
            throw new MixnetException("too many requests waiting for replies: the limit is " + maxPending
                    + " (raise maxPendingRequests, or wait for replies)");
        }
        Pending p = new Pending(messageId, secrets, deadlineMillis, future);
        for (SurbId id : p.surbs.keySet()) {
            if (bySurb.containsKey(id)) {
                throw new IllegalStateException("SURB id collision: 128-bit random ids never collide unless the random"
                        + " generator is broken");
            }
        }
        p.surbs.keySet().forEach(id -> bySurb.put(id, p));
        byDeadline.add(p);
        pending++;
        return p;
    }

    /** Takes the secret of SURB {@code id} out of the store (single use). */
    public synchronized Lookup take(SurbId id) {
        Pending p = bySurb.remove(id);
        if (p == null) {
            return retired.containsKey(id) ? new Retired() : new Unknown();
        }
        SurbSecret secret = p.surbs.remove(id);
        retire(id);
        return new Found(p, secret);
    }

    /** Applies an opened reply fragment of {@code p}. */
    public synchronized ReplyOutcome accept(Pending p, ReplyFrame frame) {
        if (p.done) {
            return new Ended();
        }
        if (!frame.messageId().equals(p.messageId)) {
            return new Rejected("reply names another request than the one its SURB was made for");
        }
        if (frame.status() == ReplyStatus.ERROR) {
            end(p);
            String text = new String(frame.data(), java.nio.charset.StandardCharsets.UTF_8);
            return new Failed(
                    p,
                    new io.kafkamixnet.client.ServiceErrorException(
                            "the service could not answer: " + (text.isBlank() ? "no reason given" : text)));
        }
        if (frame.count() > p.surbCount) {
            return new Rejected(
                    "reply has " + frame.count() + " fragments, the request carried only " + p.surbCount + " SURBs");
        }
        if (p.reply == null) {
            p.reply = new FragmentAssembly(frame.count(), frame.totalLength());
        }
        FragmentAssembly.Added added;
        try {
            added = p.reply.add(frame.index(), frame.count(), frame.totalLength(), frame.data());
        } catch (FrameException e) {
            return new Rejected(e.getMessage());
        }
        switch (added) {
            case COMPLETE:
                byte[] reply = p.reply.assemble();
                end(p);
                return new Completed(p, reply);
            case DUPLICATE:
                return new Rejected("reply fragment " + frame.index() + " arrived twice");
            default:
                return new Waiting();
        }
    }

    /** Removes and returns the requests whose deadline is at or before {@code nowMillis}. */
    public synchronized List<Pending> expire(long nowMillis) {
        List<Pending> out = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.peek().deadlineMillis <= nowMillis) {
            Pending p = byDeadline.poll();
            if (!p.done) {
                end(p);
                out.add(p);
            }
        }
        return out;
    }

    /** Removes {@code p} (for example when its packets could not be produced); false if it had ended already. */
    public synchronized boolean remove(Pending p) {
        if (p.done) {
            return false;
        }
        end(p);
        return true;
    }

    /** Removes every request (on close). */
    public synchronized List<Pending> removeAll() {
        List<Pending> out = new ArrayList<>();
        for (Pending p : byDeadline) {
            if (!p.done) {
                out.add(p);
            }
        }
        out.forEach(this::end);
        byDeadline.clear();
        return out;
    }

    /** Requests waiting. */
    public synchronized int size() {
        return pending;
    }

    /** SURB secrets held. */
    public synchronized int liveSurbs() {
        return bySurb.size();
    }

    private void end(Pending p) {
        p.done = true;
        pending--;
        byDeadline.remove(p);
        for (Map.Entry<SurbId, SurbSecret> e : p.surbs.entrySet()) {
            bySurb.remove(e.getKey());
            e.getValue().destroy();
            retire(e.getKey());
        }
        p.surbs.clear();
        if (p.reply != null) {
            p.reply.wipe();
            p.reply = null;
        }
    }

    private void retire(SurbId id) {
        if (retiredMemory > 0) {
            retired.put(id, Boolean.TRUE);
        }
    }
}
