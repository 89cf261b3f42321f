package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.MixnetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Ends requests: completes their futures on the client's callback executor, never on the inbox or
 * producer thread, so that a callback may block or send another request. If the executor refuses
 * (e.g. it was shut down), the future is completed on the calling thread instead of never.
 */
public final class RequestCompletion {

    private final PendingRequests pending;
    private final ClientCounters counters;
    private final Executor callbacks;

    public RequestCompletion(PendingRequests pending, ClientCounters counters, Executor callbacks) {
        this.pending = pending;
        this.counters = counters;
        this.callbacks = callbacks;
    }

    public void complete(CompletableFuture<byte[]> future, byte[] value) {
        try {
            callbacks.execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value);
        }
    }

    public void completeExceptionally(CompletableFuture<byte[]> future, Throwable error) {
        try {
            callbacks.execute(() -> future.completeExceptionally(error));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(error);
        }
    }

    /** Fails {@code p} with {@code error} and counts it, unless it has ended already. */
    public void fail(PendingRequests.Pending p, MixnetException error) {
        if (pending.remove(p)) {
            counters.requestsFailed.increment();
            completeExceptionally(p.future(), error);
        }
    }

    /** Fails every pending request with a fresh error of {@code error}, counting each. */
    public void failAll(Supplier<? extends Throwable> error) {
        for (PendingRequests.Pending p : pending.removeAll()) {
            counters.requestsFailed.increment();
            completeExceptionally(p.future(), error.get());
        }
    }
}
