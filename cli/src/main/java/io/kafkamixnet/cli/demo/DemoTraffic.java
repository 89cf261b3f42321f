package io.kafkamixnet.cli.demo;

import io.kafkamixnet.client.MixnetClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's simulated users: every client sends its requests at Poisson-distributed times, each
 * request a unique random text that the echo service must return byte for byte.
 */
public final class DemoTraffic {

    /** A live count, reported a few times a second while the traffic runs. */
    public record Progress(long sent, long inPools, long delivered, long replied, int total) {}

    /** Told of the progress while traffic runs. */
    public interface ProgressListener {
        void progress(Progress progress);
    }

    private final DemoNetwork network;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());

    public DemoTraffic(DemoNetwork network) {
        this.network = network;
    }

    /** Sends every request, waits for every reply (or its timeout), and returns what happened. */
    public DemoOutcome run(ProgressListener listener) throws InterruptedException {
        DemoSettings s = network.settings();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "mixnet-demo-traffic");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int c = 0; c < network.clients().size(); c++) {
                MixnetClient client = network.clients().get(c);
                double at = 0;
                for (int i = 0; i < s.requestsPerClient(); i++) {
                    at += -Math.log(1.0 - random.nextDouble())
                            * s.meanRequestInterval().toNanos();
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    done.add(f);
                    int clientIndex = c;
                    int requestIndex = i;
                    scheduler.schedule(
                            () -> send(client, clientIndex, requestIndex, f), (long) at, TimeUnit.NANOSECONDS);
                }
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
            while (!all.isDone()) {
                listener.progress(progress(s.totalRequests()));
                try {
                    all.get(250, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // keep reporting until everything has completed one way or another
                }
            }
            listener.progress(progress(s.totalRequests()));
        } finally {
            scheduler.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long cover = network.clients().stream()
                .mapToLong(MixnetClient::coverPacketsSent)
                .sum();
        List<Long> latencies;
        synchronized (latenciesMicros) {
            latencies = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(latencies);
        return new DemoOutcome(
                s,
                elapsed,
                s.totalRequests(),
                sent.get(),
                matched.get(),
                mismatched.get(),
                new TreeMap<>(failures),
                latencies,
                cover,
                DemoOutcome.MixerSummary.of(network.mixers()),
                network.service().stats());
    }

    private void send(MixnetClient client, int clientIndex, int requestIndex, CompletableFuture<Void> done) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] request = ("request " + requestIndex + " of client " + clientIndex + ", nonce "
                        + HexFormat.of().formatHex(nonce))
                .getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        CompletableFuture<byte[]> reply;
        try {
            reply = client.request(DemoNetwork.SERVICE, request);
        } catch (RuntimeException e) {
            failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
            done.complete(null);
            return;
        }
        sent.incrementAndGet();
        reply.whenComplete((bytes, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                failures.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
            } else if (Arrays.equals(bytes, request) || !network.serviceEchoes()) {
                latenciesMicros.add((System.nanoTime() - t0) / 1_000);
                matched.incrementAndGet();
            } else {
                mismatched.incrementAndGet();
            }
            done.complete(null);
        });
    }

    private Progress progress(int total) {
        long held = network.mixers().values().stream()
                .mapToLong(m -> m.metrics().heldCount())
                .sum();
        long delivered = network.service().stats().requests();
        return new Progress(sent.get(), held, delivered, matched.get() + mismatched.get(), total);
    }
}
