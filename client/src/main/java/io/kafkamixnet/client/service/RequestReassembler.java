package io.kafkamixnet.client.service;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.frame.FragmentAssembly;
import io.kafkamixnet.client.frame.FrameException;
import io.kafkamixnet.client.frame.MessageId;
import io.kafkamixnet.client.frame.RequestFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Service side: collects the fragments of multi-fragment requests until each request is complete,
 * with a timeout and a memory bound. Each fragment comes with an attachment of the caller's choice
 * (for example the Kafka record it came from), returned with the complete request or with a dropped
 * one, so the caller knows when every record of a request is dealt with. Not thread-safe.
 *
 * <p>Bounds: at most {@code maxMessages} incomplete requests and {@code maxBufferedBytes} bytes of
 * buffered fragments (frame bytes: SURBs and data). When a new fragment would exceed a bound, the
 * incomplete requests that started earliest are dropped ({@link DropReason#EVICTED}); a request whose
 * first fragment arrived more than {@code timeout} ago is dropped by {@link #expire}
 * ({@link DropReason#EXPIRED}). Dropped requests are reported to the listener given at construction.
 */
final class RequestReassembler<A> {

    /** Why an incomplete request was dropped. */
    public enum DropReason {
        EXPIRED,
        EVICTED,
        CLEARED
    }

    /** An incomplete request that was dropped, with the attachments of the fragments received. */
    public record Dropped<A>(DropReason reason, int receivedFragments, int fragmentCount, List<A> attachments) {}

    /** What happened to an offered fragment. */
    public sealed interface Offer<A> permits Complete, Waiting, Duplicate, Rejected {}

    /** The request is complete: its data, its fragments (each with a SURB) in index order, and every attachment. */
    public record Complete<A>(MessageId messageId, byte[] request, List<RequestFrame> fragments, List<A> attachments)
            implements Offer<A> {
        @Override
        public String toString() {
            return "Complete[" + fragments.size() + " fragments, " + request.length + " bytes]";
        }
    }

    /** The fragment is held until the rest arrives (its attachment comes back with the outcome). */
    public record Waiting<A>() implements Offer<A> {}

    /** A fragment with this index was already held; this one was ignored (its attachment is done). */
    public record Duplicate<A>() implements Offer<A> {}

    /** The fragment contradicts the request it claims to belong to and was ignored (its attachment is done). */
    public record Rejected<A>(String reason) implements Offer<A> {}

    private final int maxMessages;
    private final long maxBufferedBytes;
    private final long timeoutMillis;
    private final Consumer<Dropped<A>> dropListener;
    private final LinkedHashMap<MessageId, Partial<A>> partials = new LinkedHashMap<>();
    private long bufferedBytes;

    /**
     * @param maxMessages      most incomplete requests held (>= 1)
     * @param maxBufferedBytes most fragment bytes held; at least one request of the largest size
     * @param timeout          how long after its first fragment an incomplete request is dropped
     * @param limits           the message limits (for the smallest legal byte bound)
     * @param dropListener     told about every dropped request
     */
    public RequestReassembler(
            int maxMessages,
            long maxBufferedBytes,
            Duration timeout,
            MessageLimits limits,
            Consumer<Dropped<A>> dropListener) {
        long oneRequest = (long) MessageLimits.MAX_FRAGMENTS * limits.geometry().forwardPayloadCapacity();
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be >= 1, found " + maxMessages);
        }
        if (maxBufferedBytes < oneRequest) {
            throw new IllegalArgumentException("maxBufferedBytes must hold at least one request of the largest size ("
                    + oneRequest + " bytes), found " + maxBufferedBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reassembly timeout must be positive, found " + timeout);
        }
        this.maxMessages = maxMessages;
        this.maxBufferedBytes = maxBufferedBytes;
        this.timeoutMillis = timeout.toMillis();
        this.dropListener = Objects.requireNonNull(dropListener, "dropListener");
    }

    /**
     * Offers a fragment received at {@code nowMillis} (a monotonic clock). Single-fragment requests
     * complete at once without being buffered.
     */
    public Offer<A> offer(RequestFrame frame, A attachment, long nowMillis) {
        if (frame.count() == 1) {
            if (frame.dataLength() != frame.totalLength()) {
                return new Rejected<>("single fragment carries " + frame.dataLength() + " bytes, its total length says "
                        + frame.totalLength());
            }
            return new Complete<>(frame.messageId(), frame.data(), List.of(frame), List.of(attachment));
        }
        int size = frame.encodedLength();
        Partial<A> p = partials.get(frame.messageId());
        if (p == null) {
            makeRoom(null, size);
            p = new Partial<>(frame.count(), frame.totalLength(), nowMillis + timeoutMillis);
        } else if (p.frames[frame.index()] == null) {
            makeRoom(frame.messageId(), size);
        }
        FragmentAssembly.Added added;
        try {
            added = p.assembly.add(frame.index(), frame.count(), frame.totalLength(), frame.data());
        } catch (FrameException e) {
            return new Rejected<>(e.getMessage());
        }
        switch (added) {
            case DUPLICATE:
                return new Duplicate<>();
            case NEW:
                if (p.assembly.receivedFragments() == 1) {
                    partials.put(frame.messageId(), p);
                }
                p.hold(frame, attachment, size);
                bufferedBytes += size;
                return new Waiting<>();
            default: // COMPLETE
                p.hold(frame, attachment, size);
                if (partials.remove(frame.messageId()) != null) {
                    bufferedBytes -= p.bytes - size;
                }
                byte[] request = p.assembly.assemble();
                p.assembly.wipe();
                return new Complete<>(frame.messageId(), request, List.of(p.frames), List.copyOf(p.attachments));
        }
    }

    /** Drops every incomplete request whose first fragment came more than the timeout before {@code nowMillis}. */
    public int expire(long nowMillis) {
        int n = 0;
        Iterator<Partial<A>> it = partials.values().iterator();
        while (it.hasNext()) {
            Partial<A> p = it.next();
            if (p.deadlineMillis > nowMillis) {
                break; // insertion order is first-arrival order, so later entries expire later
            }
            it.remove();
            drop(p, DropReason.EXPIRED);
            n++;
        }
        return n;
    }

    /** Drops every incomplete request (on shutdown or when the caller loses its input). */
    public void clear() {
        List<Partial<A>> all = new ArrayList<>(partials.values());
        partials.clear();
        all.forEach(p -> drop(p, DropReason.CLEARED));
    }

    /** Incomplete requests held. */
    public int pendingMessages() {
        return partials.size();
    }

    /** Fragment bytes held. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    private void makeRoom(MessageId keep, int size) {
        boolean newMessage = keep == null;
        Iterator<Map.Entry<MessageId, Partial<A>>> it = partials.entrySet().iterator();
        while ((partials.size() + (newMessage ? 1 : 0) > maxMessages || bufferedBytes + size > maxBufferedBytes)
                && it.hasNext()) {
            Map.Entry<MessageId, Partial<A>> eldest = it.next();
            if (eldest.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            drop(eldest.getValue(), DropReason.EVICTED);
        }
    }

    private void drop(Partial<A> p, DropReason reason) {
        bufferedBytes -= p.bytes;
        p.assembly.wipe();
        dropListener.accept(
                new Dropped<>(reason, p.assembly.receivedFragments(), p.assembly.count(), List.copyOf(p.attachments)));
    }

    private static final class Partial<A> {
        final FragmentAssembly assembly;
        final RequestFrame[] frames;
        final List<A> attachments = new ArrayList<>();
        final long deadlineMillis;
        long bytes;

        Partial(int count, int total, long deadlineMillis) {
            this.assembly = new FragmentAssembly(count, total);
            this.frames = new RequestFrame[count];
            this.deadlineMillis = deadlineMillis;
        }

        void hold(RequestFrame frame, A attachment, int size) {
            frames[frame.index()] = frame;
            attachments.add(attachment);
            bytes += size;
        }
    }
}
