package io.kafkamixnet.faults.harness;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request a fault test sent and what became of it: replies matched (the echo of its own bytes),
 * replies that did not match, failures by exception type, how often the service handled it and how
 * many exit-topic records carried it. Requests are unique texts ({@code fault-request-<n>}), so every
 * count is per request. Thread-safe.
 */
public final class RequestLedger {

    private static final String PREFIX = "fault-request-";

    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, AtomicInteger> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> exitRecords = new ConcurrentHashMap<>();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final AtomicLong mismatched = new AtomicLong();

    /** A new unique request, registered as sent. */
    public byte[] newRequest() {
        String text = PREFIX + nextId.getAndIncrement();
        replies.put(text, new AtomicInteger());
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The reply to {@code request} arrived with {@code reply}. */
    public void replied(byte[] request, byte[] reply) {
        String text = new String(request, StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(request, reply)) {
            replies.get(text).incrementAndGet();
        } else {
            mismatched.incrementAndGet();
        }
    }

    /** The request failed (timeout, send error): it is lost to its sender. */
    public void failed(Throwable cause) {
        failures.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
    }

    /** The echo service's handler saw {@code request}. */
    void handled(byte[] request) {
        count(handled, request);
    }

    /** An exit-topic record carried {@code request} (see {@link ExitTopicCounter}). */
    void exitRecord(byte[] request) {
        count(exitRecords, request);
    }

    private static void count(Map<String, AtomicInteger> counts, byte[] request) {
        String text = new String(request, StandardCharsets.UTF_8);
        if (text.startsWith(PREFIX)) {
            counts.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        }
    }

    public long sent() {
        return replies.size();
    }

    public long answered() {
        return replies.values().stream().filter(n -> n.get() > 0).count();
    }

    /** Requests sent that have no matching reply. */
    public long unanswered() {
        return sent() - answered();
    }

    /** Requests answered more than once (the client dedups, so this stays 0 unless it fails to). */
    public long repliedTwice() {
        return replies.values().stream().filter(n -> n.get() > 1).count();
    }

    public long mismatched() {
        return mismatched.get();
    }

    public Map<String, Long> failures() {
        return new TreeMap<>(failures);
    }

    /** Requests the service handled more than once. */
    public long handledTwice() {
        return handled.values().stream().filter(n -> n.get() > 1).count();
    }

    /** Requests that reached the exit topic in more than one committed record. */
    public long exitRecordedTwice() {
        return exitRecords.values().stream().filter(n -> n.get() > 1).count();
    }

    /** Sent requests with exactly one committed exit-topic record. */
    public long exitRecordedOnce() {
        return replies.keySet().stream()
                .filter(t -> {
                    AtomicInteger n = exitRecords.get(t);
                    return n != null && n.get() == 1;
                })
                .count();
    }

    /** One line for the test output. */
    public String summary() {
        return "sent=" + sent() + " answered=" + answered() + " unanswered=" + unanswered() + " repliedTwice="
                + repliedTwice() + " mismatched=" + mismatched() + " failures=" + failures() + " exitRecordedOnce="
                + exitRecordedOnce() + " exitRecordedTwice=" + exitRecordedTwice() + " handledTwice="
                + handledTwice();
    }
}
