package io.kafkamixnet.connect;

import io.kafkamixnet.client.service.Disposition;
import io.kafkamixnet.client.service.MixnetServiceResponder;
import io.kafkamixnet.schemas.ExitMessage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a sink task that answers its records one after the other: hands each exit message to
 * the responder (which reassembles, calls the HTTP service, and produces the reply through the SURB)
 * and completes the record's {@code settled} future once the record is dealt with. The task's own
 * thread only queues records and commits, so it keeps polling (and the consumer keeps its group
 * membership) however slow the service or its retries are.
 *
 * <p>Records that get no reply are not settled here but queued as {@link Unsettled} for the task thread,
 * which owns the errant record reporter: a failed reply produce always, and the records the protocol
 * leaves unanswered (malformed, expired, no reply route) when {@code reportUnanswered}.
 */
final class RequestWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestWorker.class);
    private static final Duration IDLE = Duration.ofMillis(100);

    /** Dispositions that mean the client gets no reply (the protocol's own rules, not a failure of ours). */
    static final Set<Disposition> UNANSWERED =
            EnumSet.of(Disposition.MALFORMED, Disposition.EXPIRED, Disposition.EVICTED, Disposition.NO_REPLY_ROUTE);

    /** One record to answer; {@code settled} completes when the task may commit past it. */
    record Job(SinkRecord record, ExitMessage message, CompletableFuture<Void> settled) {}

    /** A record the task thread must report (or fail on) before it is settled. */
    record Unsettled(Job job, Throwable error) {}

    private final MixnetServiceResponder responder;
    private final boolean reportUnanswered;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Unsettled> unsettled = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable fatal;

    RequestWorker(MixnetServiceResponder responder, boolean reportUnanswered, String name) {
        this.responder = responder;
        this.reportUnanswered = reportUnanswered;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Job job) {
        queue.add(job);
    }

    /** Records queued and not yet handed to the responder. */
    int queued() {
        return queue.size();
    }

    /** The next record the task thread must report, or null. */
    Unsettled pollUnsettled() {
        return unsettled.poll();
    }

    /** An unexpected error that stopped the thread, or null. */
    Throwable fatal() {
        return fatal;
    }

    private void run() {
        try {
            while (!stopping) {
                Job job = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                if (job != null) {
                    answer(job);
                }
                responder.expire();
            }
        } catch (InterruptedException e) {
            // stopping: what is queued stays unsettled and is read again after a restart
        } catch (RuntimeException | Error e) {
            fatal = e;
            LOG.error("The request thread of the HTTP bridge stopped: {}", e.toString());
        }
    }

    private void answer(Job job) {
        CompletableFuture<Disposition> done;
        try {
            done = responder.accept(job.message());
        } catch (RuntimeException e) {
            // Not expected (the responder reports produce failures through the future): this record only.
            unsettled.add(new Unsettled(job, e));
            return;
        }
        done.whenComplete((disposition, error) -> {
            if (error != null) {
                if (!stopping) {
                    unsettled.add(new Unsettled(
                            job,
                            error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error));
                }
            } else if (reportUnanswered && UNANSWERED.contains(disposition)) {
                unsettled.add(new Unsettled(job, new UnansweredRecordException(disposition)));
            } else {
                job.settled().complete(null);
            }
        });
    }

    /** Stops the thread, interrupting an HTTP call or backoff in progress (that request gets no reply). */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The request thread of the HTTP bridge did not stop within 10 s");
        }
    }

    /** Why a record got no reply by the protocol's rules, for the errant record reporter. */
    static final class UnansweredRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnansweredRecordException(Disposition disposition) {
            super("no reply sent for this exit record: " + describe(disposition), null, false, false);
        }

        private static String describe(Disposition d) {
            return switch (d) {
                case MALFORMED -> "not a valid request fragment, or its reply block is malformed (MALFORMED)";
                case EXPIRED -> "its request was not complete within mixnet.reassembly.timeout.ms (EXPIRED)";
                case EVICTED ->
                    "its incomplete request was dropped for mixnet.max.pending.requests or"
                            + " mixnet.max.buffered.bytes (EVICTED)";
                case NO_REPLY_ROUTE -> "its reply block names no response mixer of the directory (NO_REPLY_ROUTE)";
                default -> d.name();
            };
        }
    }
}
