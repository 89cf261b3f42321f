package io.kafkamixnet.faults.cluster;

import io.kafkamixnet.client.MixnetClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests at a steady pace, round-robin over a network's clients, each a unique text the echo service
 * must return byte for byte; it keeps when each was sent and when and how each ended, so that a stall
 * can be measured against the moment a fault was injected.
 */
public final class PacedRequests implements AutoCloseable {

    /** How one request ended. */
    public enum Result {
        PENDING,
        MATCHED,
        MISMATCHED,
        FAILED
    }

    /** One request: when it was sent and when it ended (nanoTime), its result, and a failure's class. */
    public static final class Request {
        final long sentNanos;
        volatile long endedNanos;
        volatile Result result = Result.PENDING;
        volatile String failure;

        Request(long sentNanos) {
            this.sentNanos = sentNanos;
        }

        public long sentNanos() {
            return sentNanos;
        }

        public long endedNanos() {
            return endedNanos;
        }

        public Result result() {
            return result;
        }

        public Duration latency() {
            return Duration.ofNanos(endedNanos - sentNanos);
        }
    }

    private final List<MixnetClient> clients;
    private final String service;
    private final SecureRandom random = new SecureRandom();
    private final List<Request> requests = new ArrayList<>();
    private final List<CompletableFuture<?>> replies = new ArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paced-requests");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> sending;

    public PacedRequests(List<MixnetClient> clients, String service) {
        this.clients = List.copyOf(clients);
        this.service = service;
    }

    /** Starts sending one request every {@code interval}. */
    public synchronized void start(Duration interval) {
        sending = pacer.scheduleAtFixedRate(this::sendOne, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops sending; requests in flight go on. */
    public synchronized void stopSending() {
        if (sending != null) {
            sending.cancel(false);
        }
    }

    /** Waits until every request sent has ended (matched, mismatched or failed at its timeout). */
    public void awaitAll(Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] all;
        synchronized (this) {
            all = replies.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(all).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted per request below
        }
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(Result result) {
        return requests().stream().filter(r -> r.result == result).count();
    }

    /** Failed requests per exception class. */
    public Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    /**
     * The longest time without any request ending, between {@code fromNanos} and the last request's end:
     * how long the network stood still, seen by its clients.
     */
    public Duration longestQuietGap(long fromNanos, long toNanos) {
        long[] ends = requests().stream()
                .filter(r -> r.result != Result.PENDING)
                .mapToLong(r -> r.endedNanos)
                .filter(t -> t >= fromNanos && t <= toNanos)
                .sorted()
                .toArray();
        long previous = fromNanos;
        long longest = 0;
        for (long end : ends) {
            longest = Math.max(longest, end - previous);
            previous = end;
        }
        return Duration.ofNanos(longest);
    }

    /** Latencies of the matched requests sent in [{@code fromNanos}, {@code toNanos}), sorted. */
    public List<Duration> latencies(long fromNanos, long toNanos) {
        return requests().stream()
                .filter(r -> r.result == Result.MATCHED && r.sentNanos >= fromNanos && r.sentNanos < toNanos)
                .map(Request::latency)
                .sorted()
                .toList();
    }

    private void sendOne() {
        MixnetClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] body = ("fault-suite request " + HexFormat.of().formatHex(nonce)).getBytes(StandardCharsets.UTF_8);
        Request request = new Request(System.nanoTime());
        CompletableFuture<byte[]> reply;
        try {
            reply = client.request(service, body);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> ended = reply.handle((bytes, error) -> {
            request.endedNanos = System.nanoTime();
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                request.failure = cause.getClass().getSimpleName();
                failures.merge(request.failure, 1, Integer::sum);
                request.result = Result.FAILED;
            } else {
                request.result = Arrays.equals(bytes, body) ? Result.MATCHED : Result.MISMATCHED;
            }
            return null;
        });
        synchronized (this) {
            requests.add(request);
            replies.add(ended);
        }
    }

    @Override
    public void close() {
        pacer.shutdownNow();
    }
}
