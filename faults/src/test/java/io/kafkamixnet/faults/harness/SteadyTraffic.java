package io.kafkamixnet.faults.harness;

import io.kafkamixnet.client.MixnetClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real requests at a steady rate, round-robin over the clients, each a unique text recorded in a
 * {@link RequestLedger}, until {@link #stop()}; then {@link #awaitAllSettled} waits for every reply
 * (or failure).
 */
public final class SteadyTraffic implements AutoCloseable {

    private final List<MixnetClient> clients;
    private final RequestLedger ledger;
    private final String service;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-traffic");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger settled = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private int next;

    private SteadyTraffic(List<MixnetClient> clients, RequestLedger ledger, String service) {
        this.clients = clients;
        this.ledger = ledger;
        this.service = service;
    }

    /** Starts sending {@code perSecond} requests a second. */
    public static SteadyTraffic start(List<MixnetClient> clients, RequestLedger ledger, String service, int perSecond) {
        SteadyTraffic t = new SteadyTraffic(clients, ledger, service);
        long period = 1_000_000_000L / perSecond;
        t.scheduler.scheduleAtFixedRate(t::sendOne, 0, period, TimeUnit.NANOSECONDS);
        return t;
    }

    private void sendOne() {
        MixnetClient client = clients.get(next++ % clients.size());
        byte[] request = ledger.newRequest();
        issued.incrementAndGet();
        try {
            client.request(service, request).whenComplete((reply, error) -> {
                if (error != null) {
                    ledger.failed(
                            error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error);
                } else {
                    ledger.replied(request, reply);
                }
                settled.incrementAndGet();
            });
        } catch (RuntimeException e) {
            ledger.failed(e);
            settled.incrementAndGet();
        }
    }

    /** Stops sending new requests. */
    public void stop() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Waits until every request sent has its reply or its failure; false on timeout. */
    public boolean awaitAllSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (settled.get() < issued.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
